/// A strict RFC 8259 recursive-descent parser over a UTF-8 byte buffer.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    let maxDepth: Int
    var index = 0
    var depth = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Members of the objects being parsed, innermost last; each object is built at its end with
    /// the right capacity, so dictionaries never rehash while growing.
    private var pendingMembers: [(key: String, value: JSONValue)] = []
    /// Elements of the arrays being parsed, innermost last.
    private var pendingElements: [JSONValue] = []

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses a single value surrounded by optional whitespace and nothing else.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw failure("Unexpected data after the JSON value")
        }
        return value
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, offset: offset ?? index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw failure("Unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw failure("Unexpected \(describeByte(bytes[index])), expected a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for offset in 0..<count {
            guard index + offset < bytes.count, bytes[index + offset] == start[offset] else {
                throw failure("Invalid literal, expected '\(literal)'")
            }
        }
        index += count
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth {
            throw failure("Nesting is deeper than the maximum of \(maxDepth)")
        }
        index += 1
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([:])
        }
        let base = pendingMembers.count
        while true {
            guard index < bytes.count else { throw failure("Unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure("Unexpected \(describeByte(bytes[index])), expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw failure("Unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw failure("Unexpected \(describeByte(bytes[index])), expected ':'")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            pendingMembers.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw failure("Unexpected end of input in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                var members: [String: JSONValue] = Dictionary(minimumCapacity: pendingMembers.count - base)
                for position in base..<pendingMembers.count {
                    members[pendingMembers[position].key] = pendingMembers[position].value
                }
                pendingMembers.removeSubrange(base...)
                return .object(members)
            default:
                throw failure("Unexpected \(describeByte(bytes[index])), expected ',' or '}'")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = pendingElements.count
        while true {
            let element = try parseValue()
            pendingElements.append(element)
            skipWhitespace()
            guard index < bytes.count else { throw failure("Unexpected end of input in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                let elements = Array(pendingElements[base...])
                pendingElements.removeSubrange(base...)
                return .array(elements)
            default:
                throw failure("Unexpected \(describeByte(bytes[index])), expected ',' or ']'")
            }
        }
    }

    /// A short human description of a byte for error messages.
    func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
