import Foundation
import HTTPTransport

extension KubernetesConfiguration {
    /// The service account directory mounted into every pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Finds the configuration as kubectl and client-go do: `kubeconfigPaths` when given, else the files in
    /// `KUBECONFIG` (colon-separated; missing ones skipped, but not all of them), else `~/.kube/config`, else the
    /// pod's service account. `context` overrides `current-context`. A malformed file is an error, never a reason
    /// to try the next source.
    public static func load(
        kubeconfigPaths: [String]? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubernetesConfigurationError) -> KubernetesConfiguration {
        if let kubeconfigPaths { return try fromKubeconfig(paths: kubeconfigPaths, context: context) }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init)
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            guard !existing.isEmpty else {
                throw KubernetesConfigurationError(
                    code: .noConfiguration, message: "none of the files in KUBECONFIG exist: \(list)")
            }
            return try fromKubeconfig(paths: existing, context: context)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let defaultPath = home + "/.kube/config"
        if FileManager.default.fileExists(atPath: defaultPath) {
            return try fromKubeconfig(paths: [defaultPath], context: context)
        }
        if environment["KUBERNETES_SERVICE_HOST"] != nil {
            return try inCluster(environment: environment)
        }
        throw KubernetesConfigurationError(
            code: .noConfiguration,
            message: "no Kubernetes configuration: KUBECONFIG is not set, \(defaultPath) does not exist "
                + "and KUBERNETES_SERVICE_HOST is not set (not in a pod)")
    }

    /// Reads and merges the kubeconfig files at `paths` (each must exist; the first to define a name wins) and
    /// resolves `context`, else the merged `current-context`.
    public static func fromKubeconfig(
        paths: [String], context: String? = nil
    ) throws(KubernetesConfigurationError) -> KubernetesConfiguration {
        guard !paths.isEmpty else {
            throw KubernetesConfigurationError(code: .noConfiguration, message: "no kubeconfig file given")
        }
        var merged = Kubeconfig()
        for path in paths {
            merged.merge(try Kubeconfig.read(path: absolute(path)))
        }
        return try merged.configuration(context: context)
    }

    /// The configuration of a process in a pod: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, the
    /// service account's token (read again every minute), its CA and its namespace, from `directory`.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = serviceAccountDirectory
    ) throws(KubernetesConfigurationError) -> KubernetesConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesConfigurationError(
                code: .noConfiguration,
                message: "not in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set")
        }
        let tokenPath = directory + "/token"
        let caPath = directory + "/ca.crt"
        _ = try Kubeconfig.readText(path: tokenPath)
        guard FileManager.default.fileExists(atPath: caPath) else {
            throw KubernetesConfigurationError(code: .missingFile, path: caPath, message: "the cluster CA is missing")
        }
        var namespace = "default"
        let namespacePath = directory + "/namespace"
        if FileManager.default.fileExists(atPath: namespacePath) {
            let text = try Kubeconfig.readText(path: namespacePath).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { namespace = text }
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesConfiguration(
            server: "https://\(hostPart):\(port)", tls: TLSConfiguration(caBundlePath: caPath),
            credentials: .tokenFile(
                path: tokenPath, refreshInterval: KubernetesCredentials.defaultTokenRefreshInterval),
            namespace: namespace)
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
