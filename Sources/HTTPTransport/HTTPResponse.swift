/// A complete response: the final status and header fields (not those of `100 Continue` or of redirects
/// followed), and the body as the sink left it.
public struct HTTPResponse: Sendable {
    /// The final status code.
    public var status: Int
    /// The final response's header fields, in order, as received.
    public var headers: [(name: String, value: String)]
    /// The body with a memory sink; with the file and discard sinks, the start of a non-2xx body, else empty.
    public var body: [UInt8]
    /// How many body bytes were received.
    public var bodyBytes: Int64

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyBytes: Int64? = nil)
    {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyBytes = bodyBytes ?? Int64(body.count)
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first value of the header field `name`, compared case-insensitively.
    public func value(forHeader name: String) -> String? {
        HTTPHeaderName.firstValue(of: name, in: headers)
    }

    /// Every value of the header field `name`, compared case-insensitively, in order.
    public func values(forHeader name: String) -> [String] {
        HTTPHeaderName.allValues(of: name, in: headers)
    }
}
