import Foundation

/// The head of an HTTP/1.1 message passing through `FaultProxy`: the start line and the header fields exactly as
/// received (names and values are not re-cased or re-ordered, so a signed request stays signed).
struct ProxiedMessageHead: Sendable {
    /// `GET /bucket/key?x=y HTTP/1.1` or `HTTP/1.1 200 OK`.
    var startLine: String
    /// The header fields in order, as received.
    var fields: [(name: String, value: String)]

    /// Parses a head ending with its blank line; nil when it is not HTTP.
    init?(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard !lines.isEmpty else { return nil }
        startLine = lines.removeFirst()
        fields = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            fields.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            )
        }
    }

    /// The first value of `name`, compared case-insensitively.
    func value(of name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The head without the fields named in `removed`, with `added` appended; serialised with its blank line.
    func serialised(removing removed: Set<String> = [], adding added: [(String, String)] = []) -> [UInt8] {
        var text = startLine + "\r\n"
        for field in fields where !removed.contains(field.name.lowercased()) {
            text += "\(field.name): \(field.value)\r\n"
        }
        for (name, value) in added { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// The method of a request head.
    var method: String { startLine.split(separator: " ").first.map(String.init) ?? "" }
    /// The target (path and query) of a request head.
    var target: String {
        let parts = startLine.split(separator: " ")
        return parts.count > 1 ? String(parts[1]) : ""
    }
}
