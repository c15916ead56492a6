#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Typed reads of child elements, with errors that name the element and the bad value.
extension S3XMLElement {
    /// The first child named `name`, or a `missingElement` error.
    func requiredChild(_ name: String) throws(S3XMLError) -> S3XMLElement {
        guard let child = firstChild(named: name) else { throw .missingElement(name, in: self.name) }
        return child
    }

    /// The text of the first child named `name`, or a `missingElement` error.
    func requiredText(of name: String) throws(S3XMLError) -> String {
        try requiredChild(name).text
    }

    /// A non-negative integer child (surrounding whitespace ignored), or `nil` when absent.
    func integer(of name: String) throws(S3XMLError) -> Int? {
        try text(of: name).map { (text) throws(S3XMLError) in try Int(Self.count(text, element: name)) }
    }

    /// A required non-negative integer child.
    func requiredInteger(of name: String) throws(S3XMLError) -> Int {
        try Int(Self.count(requiredText(of: name), element: name))
    }

    /// A required non-negative byte count (surrounding whitespace ignored).
    func requiredByteCount(of name: String) throws(S3XMLError) -> Int64 {
        try Self.count(requiredText(of: name), element: name)
    }

    /// A `true`/`false` child (any case, surrounding whitespace ignored), or `nil` when absent.
    func boolean(of name: String) throws(S3XMLError) -> Bool? {
        guard let text = text(of: name) else { return nil }
        switch text.trimmingXMLWhitespace().lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidValue(text, element: name, expected: "true or false")
        }
    }

    /// A required `true`/`false` child.
    func requiredBoolean(of name: String) throws(S3XMLError) -> Bool {
        guard let value = try boolean(of: name) else { throw .missingElement(name, in: self.name) }
        return value
    }

    /// An ISO 8601 timestamp child, or `nil` when absent.
    func date(of name: String) throws(S3XMLError) -> Date? {
        guard let text = text(of: name) else { return nil }
        guard let date = ISO8601Timestamp.date(from: text.trimmingXMLWhitespace()) else {
            throw .invalidValue(text, element: name, expected: "an ISO 8601 timestamp")
        }
        return date
    }

    /// Throws unless the element's name is one of `names`.
    func expectName(_ names: String...) throws(S3XMLError) {
        guard names.contains(name) else { throw .unexpectedRoot(expected: names, found: name) }
    }

    private static func count(_ text: String, element: String) throws(S3XMLError) -> Int64 {
        let trimmed = text.trimmingXMLWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(trimmed)
        else { throw .invalidValue(text, element: element, expected: "a non-negative integer in range") }
        return value
    }
}

extension String {
    /// The string without XML whitespace (space, tab, CR, LF) at either end.
    func trimmingXMLWhitespace() -> String {
        let isWhitespace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
