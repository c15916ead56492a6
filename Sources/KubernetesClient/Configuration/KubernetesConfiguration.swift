import HTTPTransport

/// Where the API server is and how to reach it, read once at the edge: from kubeconfig files
/// (`load(kubeconfigPaths:context:environment:)`) or a pod's service account (`inCluster(environment:directory:)`).
public struct KubernetesConfiguration: Sendable {
    /// The API server's base URL (`https://host:port`, possibly with a path prefix), without a trailing slash.
    public var server: String
    /// Trust (CA) and client identity (certificate and key). Verification is on unless the kubeconfig asked
    /// for `insecure-skip-tls-verify`.
    public var tls: TLSConfiguration
    /// The bearer token, token file or basic credentials.
    public var credentials: KubernetesCredentials
    /// The namespace of the context (or of the service account), `default` when none is set.
    public var namespace: String
    /// A proxy for every request (a cluster's `proxy-url`); nil leaves the transport to the environment.
    public var proxy: String?
    /// The context used, for kubeconfig configurations.
    public var contextName: String?
    /// A limit on each non-streaming request.
    public var requestTimeout: Duration
    /// How long the API server keeps a watch open before the client reconnects (the `timeoutSeconds` parameter).
    public var watchTimeout: Duration

    /// A configuration.
    public init(
        server: String, tls: TLSConfiguration = .init(), credentials: KubernetesCredentials = .none,
        namespace: String = "default", proxy: String? = nil, contextName: String? = nil,
        requestTimeout: Duration = .seconds(30), watchTimeout: Duration = .seconds(290)
    ) {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.namespace = namespace
        self.proxy = proxy
        self.contextName = contextName
        self.requestTimeout = requestTimeout
        self.watchTimeout = watchTimeout
    }
}
