import Foundation

/// An HTTP/1.1 request as written in the AWS suites' `.req` / `request.txt` files: raw target (path and
/// query exactly as written, possibly with spaces or non-ASCII), headers in order (folded continuation
/// lines kept with their line breaks), and body.
struct RawHTTPRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [(String, String)]
    var body: [UInt8]

    init(parsing data: Data) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)  // Two files of the classic suite start with a UTF-8 byte-order mark.
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let methodEnd = requestLine.firstIndex(of: " ") ?? requestLine.endIndex
        method = String(requestLine[..<methodEnd])
        var target = String(requestLine[methodEnd...].dropFirst())
        if let version = target.range(of: " HTTP/", options: .backwards) {
            target = String(target[..<version.lowerBound])
        }
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            query = String(target[target.index(after: question)...])
        } else {
            path = target
            query = ""
        }
        headers = []
        var bodyLines: [String]? = nil
        for line in lines {
            if bodyLines != nil {
                bodyLines?.append(line)
            } else if line.isEmpty {
                bodyLines = []
            } else if line.first == " " || line.first == "\t", let last = headers.indices.last {
                headers[last].1 += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        body = Array((bodyLines ?? []).joined(separator: "\n").utf8)
    }

    /// The first value of a header, matched case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The headers as sorted (lower-case name, trimmed value) pairs, for order-independent comparison.
    var sortedHeaders: [[String]] {
        Self.sorted(headers)
    }

    /// Headers as sorted (lower-case name, trimmed value) pairs.
    static func sorted(_ headers: [(String, String)]) -> [[String]] {
        headers.map { [$0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)] }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }
}
