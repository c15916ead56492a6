/// Per-request settings: timeouts, redirects and progress reporting.
public struct RequestOptions: Sendable {
    /// Overrides the configuration's connect timeout.
    public var connectTimeout: Duration?
    /// A limit on the whole transfer (a deadline); nil for none.
    public var totalTimeout: Duration?
    /// Overrides the stall detection: `.zero` disables it. When nil, `execute` uses the configuration's and
    /// `stream` uses none.
    public var stallTimeout: Duration?
    /// Whether to follow redirects (at most 5, http and https only). S3 and Kubernetes need none.
    public var followRedirects: Bool
    /// Bodies at least this long are sent with `Expect: 100-continue`, so that a rejection costs no upload;
    /// shorter ones go at once.
    public var expectContinueThreshold: Int64
    /// Called on the transfer's thread with the bytes sent so far (requests with a body) or received so far
    /// (the others), whenever that changes. It must return quickly.
    public var progress: (@Sendable (Int64) -> Void)?

    /// Options; the defaults take the configuration's timeouts and follow no redirects.
    public init(
        connectTimeout: Duration? = nil, totalTimeout: Duration? = nil, stallTimeout: Duration? = nil,
        followRedirects: Bool = false, expectContinueThreshold: Int64 = 1024 * 1024,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.stallTimeout = stallTimeout
        self.followRedirects = followRedirects
        self.expectContinueThreshold = expectContinueThreshold
        self.progress = progress
    }
}
