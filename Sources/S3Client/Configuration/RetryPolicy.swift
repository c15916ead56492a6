/// When and how long to wait before retrying a failed S3 request: exponential backoff with full jitter, bounded.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The backoff cap of the first retry; it doubles with each retry.
    public var baseDelay: Duration
    /// The largest backoff cap.
    public var maximumDelay: Duration

    /// A policy; the defaults are the AWS CLI's "standard" mode (3 attempts would be too few for a training job's
    /// data, so 5).
    public init(
        maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(20)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// What to do after attempt number `attempt` (1-based) failed.
    public enum Decision: Sendable, Equatable {
        /// Wait this long, then try again.
        case retry(after: Duration)
        /// Report the failure.
        case giveUp
    }

    /// Decides after a failed attempt; `random` is a number in 0..<1 (injected so tests can pin it).
    public func decision(afterAttempt attempt: Int, retryable: Bool, random: Double) -> Decision {
        guard retryable, attempt < maximumAttempts else { return .giveUp }
        let exponent = min(attempt - 1, 30)
        let cap = min(baseDelay * (1 << exponent), maximumDelay)
        return .retry(after: cap * max(0, min(random, 1)))
    }

    /// Whether an S3 answer is worth retrying: 5xx except 501, 429, and the throttling and transient error codes.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, retryableCodes.contains(code) { return true }
        return status == 429 || (status >= 500 && status != 501)
    }

    /// Error codes S3 and its peers use for transient conditions.
    static let retryableCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed",
        "InternalError", "ServiceUnavailable", "RequestLimitExceeded", "TooManyRequestsException",
        // A body that did not match its Content-MD5, checksum or signed SHA-256: damaged on the way, so sending it
        // again (re-read from the file) may succeed, as a damaged download is fetched again.
        "BadDigest", "XAmzContentSHA256Mismatch",
    ]
}
