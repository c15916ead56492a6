import Foundation
import ServiceModel

/// The merged contents of one or more kubeconfig files, with relative paths already resolved against the
/// directory of the file that held them.
///
/// Merging follows kubectl: the first file to define a cluster, user or context name wins, and `current-context`
/// comes from the first file that sets one.
struct Kubeconfig: Sendable, Equatable {
    /// A `clusters[].cluster` entry.
    struct Cluster: Sendable, Equatable {
        var server: String
        var certificateAuthorityPath: String?
        var certificateAuthorityData: [UInt8]?
        var insecureSkipTLSVerify = false
        var proxyURL: String?
        var source: String
    }

    /// A `users[].user` entry.
    struct User: Sendable, Equatable {
        var token: String?
        var tokenFile: String?
        var clientCertificatePath: String?
        var clientCertificateData: [UInt8]?
        var clientKeyPath: String?
        var clientKeyData: [UInt8]?
        var username: String?
        var password: String?
        /// `exec` or `auth-provider`, which this client does not run.
        var unsupportedMechanism: String?
        var source: String
    }

    /// A `contexts[].context` entry.
    struct Context: Sendable, Equatable {
        var cluster: String
        var user: String?
        var namespace: String?
        var source: String
    }

    var clusters: [String: Cluster] = [:]
    var users: [String: User] = [:]
    var contexts: [String: Context] = [:]
    var currentContext: String?
    /// The files read, in order.
    var sources: [String] = []

    /// Adds a later file's entries: existing names and the current context are kept.
    mutating func merge(_ other: Kubeconfig) {
        clusters.merge(other.clusters) { first, _ in first }
        users.merge(other.users) { first, _ in first }
        contexts.merge(other.contexts) { first, _ in first }
        if currentContext == nil { currentContext = other.currentContext }
        sources += other.sources
    }

    /// Reads and parses the file at `path`.
    static func read(path: String) throws(KubernetesConfigurationError) -> Kubeconfig {
        try parse(try readText(path: path), path: path)
    }

    /// Parses one file's text; `path` names it in errors and anchors its relative paths.
    static func parse(_ text: String, path: String) throws(KubernetesConfigurationError) -> Kubeconfig {
        let document: JSONValue
        do { document = try YAMLSubsetParser.parse(text) } catch {
            throw .malformed(path, error.problem, line: error.line)
        }
        var reader = KubeconfigReader(path: path)
        return try reader.read(document)
    }

    /// The whole file as UTF-8 text.
    static func readText(path: String) throws(KubernetesConfigurationError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubernetesConfigurationError(code: .missingFile, path: path, message: "no such file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KubernetesConfigurationError(code: .unreadableFile, path: path, message: "cannot be read")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch {
            throw KubernetesConfigurationError(code: .unreadableFile, path: path, message: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(path, "not UTF-8 text")
        }
        return text
    }
}
