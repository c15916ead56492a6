import Foundation
import ServiceModel

/// Turns one parsed kubeconfig document into a `Kubeconfig`, strictly: a field of the wrong type, a list
/// entry without a name, a repeated name or invalid base64 is an error naming the file and the field.
/// Unknown fields are ignored (newer kubectl versions add some).
struct KubeconfigReader {
    let path: String
    let directory: String

    init(path: String) {
        self.path = path
        directory = (path as NSString).deletingLastPathComponent
    }

    mutating func read(_ document: JSONValue) throws(KubernetesConfigurationError) -> Kubeconfig {
        if document.isNull { return Kubeconfig(sources: [path]) }
        guard let root = document.objectValue else { throw .malformed(path, "the document is not a mapping") }
        if let kind = try string(root["kind"], "kind"), kind != "Config" {
            throw .malformed(path, "kind is \"\(kind)\", not \"Config\"")
        }
        var config = Kubeconfig(sources: [path])
        config.currentContext = try string(root["current-context"], "current-context").flatMap { $0.isEmpty ? nil : $0 }
        for (name, body) in try namedEntries(root["clusters"], list: "clusters", field: "cluster") {
            config.clusters[name] = try cluster(body, field: "clusters[\(name)].cluster")
        }
        for (name, body) in try namedEntries(root["users"], list: "users", field: "user") {
            config.users[name] = try user(body, field: "users[\(name)].user")
        }
        for (name, body) in try namedEntries(root["contexts"], list: "contexts", field: "context") {
            let field = "contexts[\(name)].context"
            guard let cluster = try string(body["cluster"], field + ".cluster"), !cluster.isEmpty else {
                throw .malformed(path, "\(field).cluster is missing")
            }
            config.contexts[name] = Kubeconfig.Context(
                cluster: cluster, user: try string(body["user"], field + ".user"),
                namespace: try string(body["namespace"], field + ".namespace"), source: path)
        }
        return config
    }

    private func cluster(_ body: JSONValue, field: String) throws(KubernetesConfigurationError) -> Kubeconfig.Cluster {
        guard let server = try string(body["server"], field + ".server"), !server.isEmpty else {
            throw .malformed(path, "\(field).server is missing")
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw .malformed(path, "\(field).server \"\(server)\" is not an http(s) URL")
        }
        var cluster = Kubeconfig.Cluster(server: server, source: path)
        cluster.certificateAuthorityPath = try filePath(body["certificate-authority"], field + ".certificate-authority")
        cluster.certificateAuthorityData = try base64(
            body["certificate-authority-data"], field + ".certificate-authority-data")
        if let insecure = body["insecure-skip-tls-verify"], !insecure.isNull {
            guard let flag = insecure.boolValue else {
                throw .malformed(path, "\(field).insecure-skip-tls-verify must be true or false")
            }
            cluster.insecureSkipTLSVerify = flag
        }
        cluster.proxyURL = try string(body["proxy-url"], field + ".proxy-url")
        return cluster
    }

    private func user(_ body: JSONValue, field: String) throws(KubernetesConfigurationError) -> Kubeconfig.User {
        var user = Kubeconfig.User(source: path)
        user.token = try string(body["token"], field + ".token").flatMap { $0.isEmpty ? nil : $0 }
        user.tokenFile = try filePath(body["tokenFile"], field + ".tokenFile")
        user.clientCertificatePath = try filePath(body["client-certificate"], field + ".client-certificate")
        user.clientCertificateData = try base64(body["client-certificate-data"], field + ".client-certificate-data")
        user.clientKeyPath = try filePath(body["client-key"], field + ".client-key")
        user.clientKeyData = try base64(body["client-key-data"], field + ".client-key-data")
        user.username = try string(body["username"], field + ".username")
        user.password = try string(body["password"], field + ".password")
        for mechanism in ["exec", "auth-provider"] where !(body[mechanism]?.isNull ?? true) {
            user.unsupportedMechanism = mechanism
        }
        return user
    }

    /// The `{name: ..., <field>: {...}}` entries of a top-level list, refusing repeated names.
    private func namedEntries(
        _ value: JSONValue?, list: String, field: String
    ) throws(KubernetesConfigurationError) -> [(String, JSONValue)] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.arrayValue else { throw .malformed(path, "\(list) is not a list") }
        var seen = Set<String>()
        var result: [(String, JSONValue)] = []
        for (position, entry) in entries.enumerated() {
            guard entry.objectValue != nil else { throw .malformed(path, "\(list)[\(position)] is not a mapping") }
            guard let name = try string(entry["name"], "\(list)[\(position)].name"), !name.isEmpty else {
                throw .malformed(path, "\(list)[\(position)] has no name")
            }
            guard seen.insert(name).inserted else { throw .malformed(path, "\(list) defines \"\(name)\" twice") }
            let body = entry[field] ?? .null
            guard body.isNull || body.objectValue != nil else {
                throw .malformed(path, "\(list)[\(name)].\(field) is not a mapping")
            }
            result.append((name, body.isNull ? .object([:]) : body))
        }
        return result
    }

    private func string(_ value: JSONValue?, _ field: String) throws(KubernetesConfigurationError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .malformed(path, "\(field) must be a string") }
        return text
    }

    /// A path field, made absolute against the file's directory.
    private func filePath(_ value: JSONValue?, _ field: String) throws(KubernetesConfigurationError) -> String? {
        guard let text = try string(value, field), !text.isEmpty else { return nil }
        return text.hasPrefix("/") ? text : (directory.isEmpty ? text : directory + "/" + text)
    }

    private func base64(_ value: JSONValue?, _ field: String) throws(KubernetesConfigurationError) -> [UInt8]? {
        guard let text = try string(value, field), !text.isEmpty else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { throw .malformed(path, "\(field) is not valid base64") }
        return Array(data)
    }
}
