/// A received request, as the verifier needs it.
public struct SignedRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The path exactly as received, still percent-encoded, without the query.
    public var path: String
    /// The raw query string as received (no leading `?`); empty when there is none.
    public var query: String
    /// Every header as received, in order; must include `Host` (or `:authority`).
    public var headers: [(String, String)]
    /// The lower-case hex SHA-256 of the body as received.
    public var payloadHash: String
    /// The service the request is addressed to (e.g. from `X-Amz-Target`); nil accepts any of the verifier's.
    public var service: String?

    /// Creates a request to verify.
    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(String, String)],
        payloadHash: String,
        service: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
        self.service = service
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.0.lowercased() == name }?.1
    }
}
