/// How a `CurlTransport` runs: its threads, default timeouts, TLS, identity and proxy.
///
/// Proxies: unless `proxy` is set, libcurl reads the environment itself on every transfer: `http_proxy` (lower
/// case only), `https_proxy` or `HTTPS_PROXY`, `all_proxy` or `ALL_PROXY`, and `no_proxy` or `NO_PROXY`.
/// Upper-case `HTTP_PROXY` is ignored on purpose ("httpoxy": CGI servers put a request's `Proxy:` header there).
public struct TransportConfiguration: Sendable {
    /// The number of worker threads, each with its own connection cache; also the most requests in flight.
    public var workerCount: Int
    /// The most requests waiting for a worker; more fail at once with `.queueFull`.
    public var queueCapacity: Int
    /// The default limit for establishing a connection, TLS handshake included.
    public var connectTimeout: Duration
    /// The default stall detection for `execute`: a transfer moving no bytes at all (either way, head included)
    /// for this long fails with `.timedOut`, checked about once a second; `.zero` disables it. Streams do not use
    /// it (watches idle legitimately).
    public var stallTimeout: Duration
    /// Trust and client identity.
    public var tls: TLSConfiguration
    /// The `User-Agent` header.
    public var userAgent: String
    /// A proxy URL for every request (`CURLOPT_PROXY`); nil leaves libcurl to the environment variables.
    public var proxy: String?
    /// Hosts reached without a proxy (`CURLOPT_NOPROXY`, comma-separated; `*` for all); nil leaves it to `no_proxy`.
    public var noProxy: String?

    /// A configuration with defaults suited to S3 and Kubernetes API servers.
    public init(
        workerCount: Int = 8, queueCapacity: Int = 1024, connectTimeout: Duration = .seconds(10),
        stallTimeout: Duration = .seconds(60), tls: TLSConfiguration = .init(), userAgent: String = "sagetrain",
        proxy: String? = nil, noProxy: String? = nil
    ) {
        self.workerCount = workerCount
        self.queueCapacity = queueCapacity
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.tls = tls
        self.userAgent = userAgent
        self.proxy = proxy
        self.noProxy = noProxy
    }

    func validate() throws(TransportError) {
        guard workerCount >= 1 else { throw .invalidConfiguration("workerCount must be at least 1") }
        guard queueCapacity >= 1 else { throw .invalidConfiguration("queueCapacity must be at least 1") }
        try tls.validate()
    }
}
