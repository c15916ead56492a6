/// A response's status and header fields.
struct ResponseHead: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
}

/// Follows the header lines libcurl hands over, one per call, for every response of a transfer (interim
/// `1xx` responses and followed redirects included), keeping only the latest response's head.
struct ResponseHeadParser {
    /// Whether libcurl follows redirects, in which case a 3xx head with `Location` is not the final one.
    let followsRedirects: Bool
    private(set) var head = ResponseHead(status: 0, headers: [])
    /// Whether the final response's head has ended (its empty line was seen).
    private(set) var isComplete = false

    init(followsRedirects: Bool) {
        self.followsRedirects = followsRedirects
    }

    /// What a line meant.
    enum Event: Equatable {
        /// A status line: a new response begins (after `100 Continue`, or a redirect).
        case responseStarted
        /// The empty line ending the final response's head.
        case headCompleted
        /// A header field, a trailer or an unparsable line.
        case other
    }

    /// Takes one line, line break included.
    mutating func consume(_ rawLine: some Collection<UInt8>) -> Event {
        var line = Array(rawLine)
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }
        if line.starts(with: Array("HTTP/".utf8)) {
            let fields = line.split(separator: 0x20, maxSplits: 2)
            head = ResponseHead(status: fields.count > 1 ? Int(decoding: fields[1]) ?? 0 : 0, headers: [])
            isComplete = false
            return .responseStarted
        }
        // Trailers of a chunked body come after the head: they are not header fields of the response.
        guard !isComplete else { return .other }
        if line.isEmpty {
            guard head.status >= 200, !isRedirectBeingFollowed else { return .other }
            isComplete = true
            return .headCompleted
        }
        if line[0] == 0x20 || line[0] == 0x09 {
            // An obsolete folded continuation of the previous field's value.
            guard !head.headers.isEmpty else { return .other }
            head.headers[head.headers.count - 1].value += " " + Self.trimmed(line[...])
            return .other
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .other }
        head.headers.append((name: Self.trimmed(line[..<colon]), value: Self.trimmed(line[(colon + 1)...])))
        return .other
    }

    /// The `Content-Length` of the latest response, if valid.
    var contentLength: Int64? {
        HTTPHeaderName.firstValue(of: "Content-Length", in: head.headers).flatMap { Int64($0) }
    }

    private var isRedirectBeingFollowed: Bool {
        followsRedirects && (300..<400).contains(head.status) && ![304, 305, 306].contains(head.status)
            && HTTPHeaderName.firstValue(of: "Location", in: head.headers) != nil
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

extension Int {
    /// A non-negative decimal number spelt in ASCII digits only.
    fileprivate init?(decoding digits: ArraySlice<UInt8>) {
        guard !digits.isEmpty, digits.count <= 9,
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
