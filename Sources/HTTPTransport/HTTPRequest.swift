/// One HTTP request: method, absolute URL, header fields in order, and a body.
public struct HTTPRequest: Sendable {
    /// The method, sent as given (`GET`, `PUT`, `POST`, `DELETE`, `HEAD`, ...).
    public var method: String
    /// The absolute `http://` or `https://` URL, already percent-encoded.
    public var url: String
    /// Header fields sent in this order; libcurl adds `Host`, `Content-Length` and `Accept` unless given here.
    /// An empty value sends an empty field.
    public var headers: [(name: String, value: String)]
    /// The body; its length becomes `Content-Length` (never chunked).
    public var body: RequestBody

    /// A request; the defaults make a bodiless `GET`.
    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
        body: RequestBody = .none
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The URL's host (without user information or port), for log lines that must not show paths or query strings.
    var host: String {
        var rest = Substring(url)
        if let schemeEnd = rest.firstRange(of: "://") { rest = rest[schemeEnd.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        if hostAndPort.hasPrefix("[") {
            return String(hostAndPort.prefix { $0 != "]" }) + "]"
        }
        return String(hostAndPort.prefix { $0 != ":" })
    }
}
