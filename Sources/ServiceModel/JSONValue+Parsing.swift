extension JSONValue {
    /// Parses one JSON document (RFC 8259, strict) from UTF-8 bytes.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = 100) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        self = try parser.parseDocument()
    }

    /// Parses one JSON document (RFC 8259, strict) from UTF-8 bytes.
    public init(parsing bytes: [UInt8], maxDepth: Int = 100) throws(JSONParseError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONValue(parsing: buffer, maxDepth: maxDepth)
            }
        }
        self = try result.get()
    }

    /// Parses one JSON document (RFC 8259, strict) from a string.
    public init(parsing text: String, maxDepth: Int = 100) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONValue(parsing: UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
            }
        }
        self = try result.get()
    }
}
