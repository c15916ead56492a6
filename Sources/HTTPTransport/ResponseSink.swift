/// Where a response body goes.
///
/// Whatever the sink, the body of a response whose status is not 2xx is kept in memory (up to
/// `ResponseSink.errorBodyLimit` bytes, the rest dropped) as `HTTPResponse.body`, so that callers can read an
/// error document without it landing in the destination file.
public enum ResponseSink: Sendable {
    /// Into `HTTPResponse.body`; a body longer than `limit` bytes fails the request with `.responseTooLarge`.
    case memory(limit: Int)
    /// Into the file at `path`, byte `n` of the body at `offset + n` (`pwrite`). The file is created if missing
    /// and never truncated, so that ranged downloads can fill one pre-sized file in parallel. A 2xx response
    /// always creates the file, even with an empty body; other responses leave it untouched.
    case file(path: String, offset: Int64)
    /// Nowhere; only `HTTPResponse.bodyBytes` counts it.
    case discard

    /// The most bytes of a non-2xx body kept in memory by the file and discard sinks.
    public static let errorBodyLimit = 64 * 1024
    /// The default sink's limit: 16 MiB.
    public static let defaultMemoryLimit = 16 * 1024 * 1024
}
