/// A response whose head has arrived and whose body is still streaming (`CurlTransport.stream`).
public struct HTTPResponseStream: Sendable {
    /// The final status code.
    public let status: Int
    /// The final response's header fields, in order.
    public let headers: [(name: String, value: String)]
    /// The body, as it arrives.
    public let body: HTTPBodyStream

    init(head: ResponseHead, handle: StreamHandle) {
        self.status = head.status
        self.headers = head.headers
        self.body = HTTPBodyStream(handle: handle)
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as lines of at most `HTTPLineSequence.defaultMaxLength` bytes.
    public var lines: HTTPLineSequence { body.lines() }

    /// The body as lines of at most `maxLength` bytes.
    public func lines(maxLength: Int) -> HTTPLineSequence { body.lines(maxLength: maxLength) }

    /// The first value of the header field `name`, compared case-insensitively.
    public func value(forHeader name: String) -> String? {
        HTTPHeaderName.firstValue(of: name, in: headers)
    }

    /// Aborts the transfer and closes its connection.
    public func cancel() {
        body.cancel()
    }
}
