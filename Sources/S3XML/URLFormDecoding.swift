/// The decoding S3 asks for with `encoding-type=url`, done as form decoding (botocore's `unquote_plus`):
/// `+` is a space (SeaweedFS sends `file+with+spaces.txt`; a literal `+` always arrives as `%2B`), then
/// `%XX` escapes are bytes, and the bytes must be UTF-8.
enum URLFormDecoding {
    /// Decodes `text` from the element `element`; a bad escape or invalid UTF-8 is an `invalidValue`.
    static func decode(_ text: String, element: String) throws(S3XMLError) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalidValue(text, element: element, expected: "URL-encoded (a % escape is malformed)")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidValue(text, element: element, expected: "URL-encoded UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
