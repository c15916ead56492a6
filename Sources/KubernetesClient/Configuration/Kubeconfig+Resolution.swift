import Foundation
import HTTPTransport

extension Kubeconfig {
    /// The configuration of context `name`, else of `current-context`: its cluster's server and TLS, its user's
    /// credentials and its namespace. Files named by the configuration must exist; a CA given together with
    /// `insecure-skip-tls-verify` is refused, as kubectl does.
    func configuration(context name: String?) throws(KubernetesConfigurationError) -> KubernetesConfiguration {
        let files = sources.joined(separator: ", ")
        guard let contextName = name ?? currentContext else {
            throw KubernetesConfigurationError(
                code: .unknownContext, message: "no current-context is set in \(files); name a context")
        }
        guard let context = contexts[contextName] else {
            throw KubernetesConfigurationError(
                code: .unknownContext, message: "context \"\(contextName)\" is not defined in \(files)")
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubernetesConfigurationError(
                code: .unknownCluster, path: context.source,
                message:
                    "context \"\(contextName)\" names cluster \"\(context.cluster)\", which is not defined in \(files)")
        }
        var user = User(source: context.source)
        if let userName = context.user, !userName.isEmpty {
            guard let found = users[userName] else {
                throw KubernetesConfigurationError(
                    code: .unknownUser, path: context.source,
                    message: "context \"\(contextName)\" names user \"\(userName)\", which is not defined in \(files)")
            }
            user = found
        }
        if let mechanism = user.unsupportedMechanism {
            throw KubernetesConfigurationError(
                code: .unsupported, path: user.source,
                message: "user \"\(context.user ?? "")\" authenticates with `\(mechanism)`, which is not supported")
        }
        return KubernetesConfiguration(
            server: cluster.server, tls: try tls(cluster: cluster, user: user), credentials: try credentials(user),
            namespace: context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default", proxy: cluster.proxyURL,
            contextName: contextName)
    }

    private func tls(cluster: Cluster, user: User) throws(KubernetesConfigurationError) -> TLSConfiguration {
        var tls = TLSConfiguration()
        // Data wins over a file, as in client-go.
        if let data = cluster.certificateAuthorityData {
            tls.caPEM = data
        } else if let path = cluster.certificateAuthorityPath {
            tls.caBundlePath = try Self.existingFile(path, source: cluster.source)
        }
        if cluster.insecureSkipTLSVerify {
            guard tls.caPEM == nil && tls.caBundlePath == nil else {
                throw .malformed(
                    cluster.source, "a certificate authority together with insecure-skip-tls-verify is not allowed")
            }
            tls.insecureSkipVerify = true
        }
        if let data = user.clientCertificateData {
            tls.clientCertificatePEM = data
        } else if let path = user.clientCertificatePath {
            tls.clientCertificatePath = try Self.existingFile(path, source: user.source)
        }
        if let data = user.clientKeyData {
            tls.clientKeyPEM = data
        } else if let path = user.clientKeyPath {
            tls.clientKeyPath = try Self.existingFile(path, source: user.source)
        }
        let hasCertificate = tls.clientCertificatePEM != nil || tls.clientCertificatePath != nil
        let hasKey = tls.clientKeyPEM != nil || tls.clientKeyPath != nil
        guard hasCertificate == hasKey else {
            throw .malformed(user.source, "a client certificate needs its key, and a key its certificate")
        }
        return tls
    }

    private func credentials(_ user: User) throws(KubernetesConfigurationError) -> KubernetesCredentials {
        if let token = user.token { return .bearerToken(token) }
        if let path = user.tokenFile {
            _ = try Kubeconfig.readText(path: try Self.existingFile(path, source: user.source))
            return .tokenFile(path: path, refreshInterval: KubernetesCredentials.defaultTokenRefreshInterval)
        }
        if let username = user.username, !username.isEmpty {
            return .basic(username: username, password: user.password ?? "")
        }
        return .none
    }

    private static func existingFile(_ path: String, source: String) throws(KubernetesConfigurationError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubernetesConfigurationError(code: .missingFile, path: source, message: "\(path) does not exist")
        }
        return path
    }
}
