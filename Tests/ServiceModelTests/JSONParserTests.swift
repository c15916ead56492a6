import ServiceModel
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String, maxDepth: Int = 100) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: text, maxDepth: maxDepth)
    }

    private func parseError(_ bytes: [UInt8], maxDepth: Int = 100) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: bytes, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ text: String, maxDepth: Int = 100) -> JSONParseError? {
        parseError(Array(text.utf8), maxDepth: maxDepth)
    }

    @Test func parsesScalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false ") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("\t\r\n 42 \n") == .int(42))
    }

    @Test func parsesNestedDocument() throws {
        let value = try parse(#"{"a": [1, 2.5, "x", null, true, {"b": {}}], "c": [], "d": {"e": -3}}"#)
        let expected: JSONValue = [
            "a": [1, 2.5, "x", nil, true, ["b": [:]]],
            "c": [],
            "d": ["e": -3],
        ]
        #expect(value == expected)
    }

    @Test func distinguishesIntegersFromDoubles() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("-2.5e-3") == .double(-0.0025))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try parse("3.141592653589793238462643383279") == .double(3.141592653589793))
        #expect(try parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try parse("1.7976931348623157e308") == .double(1.7976931348623157e308))
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "-01", "1.e3", "NaN", "Infinity", "1e400"])
    func rejectsInvalidNumbers(_ text: String) {
        #expect(parseError(text) != nil)
    }

    @Test func decodesEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u4e2d""#) == .string("Aé中"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
    }

    @Test func rejectsLoneSurrogates() {
        #expect(parseError(#""\uD800""#)?.message == "Unpaired high surrogate in a \\u escape")
        #expect(parseError(#""\uD800x""#) != nil)
        #expect(parseError(#""\uD800\u0041""#) != nil)
        #expect(parseError(#""\uDC00""#)?.message == "Unpaired low surrogate in a \\u escape")
    }

    @Test func rejectsBadEscapes() {
        #expect(parseError(#""\x""#)?.message == "Invalid escape sequence")
        #expect(parseError(#""\u12""#) != nil)
        #expect(parseError(#""\u12G4""#) != nil)
        #expect(parseError(#""\'""#) != nil)
    }

    @Test func rejectsControlCharactersInStrings() {
        let error = parseError("\"a\u{1}b\"")
        #expect(error?.message == "Unescaped control character in a string")
        #expect(error?.offset == 2)
        #expect(parseError("\"a\nb\"") != nil)
        #expect(parseError("\"a\tb\"") != nil)
    }

    @Test func passesValidUTF8Through() throws {
        #expect(try parse("\"héllo wörld 中文 😀\"") == .string("héllo wörld 中文 😀"))
        #expect(try parse("{\"ключ\": \"значение\"}") == ["ключ": "значение"])
    }

    @Test(
        arguments: [
            [0x22, 0xFF, 0x22],  // invalid byte
            [0x22, 0xC3, 0x22],  // truncated sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8-encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x80, 0x22],  // lone continuation byte
        ] as [[UInt8]])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        let error = parseError(bytes)
        #expect(error?.message == "Invalid UTF-8")
        #expect(error?.offset == 1)
    }

    @Test func rejectsTrailingGarbage() {
        let error = parseError("{} x")
        #expect(error?.message == "Unexpected data after the JSON value")
        #expect(error?.offset == 3)
        #expect(parseError("1 2") != nil)
        #expect(parseError("[1]]") != nil)
    }

    @Test(arguments: [
        "", " ", "{", "[", "[1,", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":}", "[1 2]",
        "tru", "nul", "falsey", "\"abc", "'a'", "{\"a\":1", "[\"a\":1]", "{1:2}",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(parseError(text) != nil)
    }

    @Test func reportsOffsets() {
        #expect(parseError("[1, x]")?.offset == 4)
        #expect(parseError("")?.message == "Unexpected end of input, expected a value")
        #expect(parseError("{\"a\":1,]")?.offset == 7)
    }

    @Test func enforcesMaximumDepth() throws {
        let deepest = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try parse(deepest).arrayValue != nil)
        let tooDeep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        #expect(parseError(tooDeep)?.message == "Nesting is deeper than the maximum of 100")
        #expect(parseError(tooDeep)?.offset == 100)
        #expect(parseError(#"{"a":{"b":1}}"#, maxDepth: 1) != nil)
        #expect(try parse(#"{"a":{"b":1}}"#, maxDepth: 2) == ["a": ["b": 1]])
        // Deep input far past the limit fails cleanly instead of overflowing the stack.
        #expect(parseError(String(repeating: "[", count: 100_000)) != nil)
    }

    @Test func lastDuplicateKeyWins() throws {
        #expect(try parse(#"{"a": 1, "b": 2, "a": 3}"#) == ["a": 3, "b": 2])
    }

    @Test func parsesFromRawBuffer() throws {
        let bytes = Array(#"{"k": [true]}"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer throws(JSONParseError) in
            try JSONValue(parsing: buffer)
        }
        #expect(value == ["k": [true]])
    }

    @Test func errorDescriptionNamesTheOffset() {
        #expect(JSONParseError(message: "Bad", offset: 7).description == "Bad at byte offset 7")
    }
}
