#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A linear pre-pass over the raw bytes that refuses what libxml2 2.9 handles badly, before libxml2 sees
/// it: a DOCTYPE (the door to entity expansion and external fetches; the SAX hooks refuse it again) and
/// start tags with very many attributes (libxml2 2.9 checks attribute names for duplicates in quadratic
/// time: 100 000 attributes take minutes).
///
/// It does not follow comments, CDATA or processing instructions, so it can never skip bytes that libxml2
/// would parse as a start tag; at worst it over-counts inside them, which S3 documents never have.
enum MarkupScan {
    /// Throws when the bytes contain `<!DOCTYPE` or a start tag with more than `maxAttributesPerElement`
    /// attributes.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, maxAttributesPerElement: Int) throws(S3XMLError) {
        var index = 0
        while let open = find(UInt8(ascii: "<"), in: bytes, from: index) {
            index = open + 1
            guard index < bytes.count else { return }
            switch bytes[index] {
            case UInt8(ascii: "!"):
                if matches("!DOCTYPE", in: bytes, at: index) {
                    throw .hostile("it has a DOCTYPE (document type declaration), which S3 never sends")
                }
            case UInt8(ascii: "/"), UInt8(ascii: "?"):
                break
            default:
                index = try endOfStartTag(in: bytes, from: index, maxAttributes: maxAttributesPerElement)
            }
        }
    }

    /// Counts the attributes of a start tag the way libxml2 parses them: `=` outside quoted values, up to
    /// the `>` that ends the tag or the next `<` (which cannot appear in a value, and stops libxml2 too).
    /// Returns the offset to continue from.
    private static func endOfStartTag(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, maxAttributes: Int
    ) throws(S3XMLError) -> Int {
        var attributes = 0
        var quote: UInt8?
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") { return index }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            } else if byte == UInt8(ascii: "=") {
                attributes += 1
                if attributes > maxAttributes {
                    throw .tooComplex("an element has more than \(maxAttributes) attributes")
                }
            }
        }
        return bytes.count
    }

    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static func matches(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + start, literal.utf8Start, count) == 0
    }
}
