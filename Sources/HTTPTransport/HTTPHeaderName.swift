/// Header field names compared as HTTP compares them: ASCII case-insensitively.
enum HTTPHeaderName {
    /// Whether two field names are the same field.
    static func matches(_ left: String, _ right: String) -> Bool {
        let leftBytes = left.utf8
        let rightBytes = right.utf8
        guard leftBytes.count == rightBytes.count else { return false }
        return zip(leftBytes, rightBytes).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// The first value of `name` in `fields`.
    static func firstValue(of name: String, in fields: [(name: String, value: String)]) -> String? {
        fields.first { matches($0.name, name) }?.value
    }

    /// Every value of `name` in `fields`.
    static func allValues(of name: String, in fields: [(name: String, value: String)]) -> [String] {
        fields.filter { matches($0.name, name) }.map(\.value)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
