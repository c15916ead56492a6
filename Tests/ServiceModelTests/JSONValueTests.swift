import ServiceModel
import Testing

@Suite("JSON values and serialization")
struct JSONValueTests {
    @Test func serializesCompactlyWithSortedKeys() {
        let value: JSONValue = ["b": [1, 2.5, nil, true, false], "a": "x", "c": ["z": 1, "y": [:]]]
        #expect(value.jsonString == #"{"a":"x","b":[1,2.5,null,true,false],"c":{"y":{},"z":1}}"#)
        #expect(JSONValue.array([]).jsonString == "[]")
        #expect(JSONValue.object([:]).jsonString == "{}")
    }

    @Test func escapesStrings() {
        #expect(JSONValue.string("a\"b\\c/d").jsonString == #""a\"b\\c/d""#)
        #expect(JSONValue.string("\n\r\t\u{08}\u{0C}").jsonString == #""\n\r\t\b\f""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{1F}\u{7F}").jsonString == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(JSONValue.string("é中😀").serialized() == Array("\"é中😀\"".utf8))
    }

    @Test func writesNumbers() {
        #expect(JSONValue.int(0).jsonString == "0")
        #expect(JSONValue.int(-42).jsonString == "-42")
        #expect(JSONValue.int(.max).jsonString == "9223372036854775807")
        #expect(JSONValue.int(.min).jsonString == "-9223372036854775808")
        #expect(JSONValue.double(0.1).jsonString == "0.1")
        #expect(JSONValue.double(1).jsonString == "1.0")
        #expect(JSONValue.double(-2.5e-7).jsonString == "-2.5e-07")
        #expect(JSONValue.double(1e300).jsonString == "1e+300")
        #expect(JSONValue.double(.infinity).jsonString == "null")
        #expect(JSONValue.double(-.infinity).jsonString == "null")
        #expect(JSONValue.double(.nan).jsonString == "null")
    }

    @Test func writeAppends() {
        var output = Array("x".utf8)
        JSONValue.bool(true).write(into: &output)
        #expect(output == Array("xtrue".utf8))
    }

    @Test(arguments: [
        #"{"a":[1,-2,3.25,1e-05,null,true,false,"s"],"b":{"c":"\u0001\"\\"},"d":"é😀"}"#,
        #"[[[[]]],{},"",0,-0.5,12345678901234567890]"#,
        #""\ud83d\ude00 \u2028""#,
    ])
    func roundTrips(_ text: String) throws {
        let value = try JSONValue(parsing: text)
        let reparsed = try JSONValue(parsing: value.serialized())
        #expect(reparsed == value)
        #expect(reparsed.jsonString == value.jsonString)
    }

    @Test func doublesRoundTripExactly() throws {
        for double in [0.1, 1.0 / 3, 2.0 / 3e-300, 123456.789, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -0.0] {
            let text = JSONValue.double(double).jsonString
            #expect(try JSONValue(parsing: text).doubleValue == double, "\(text)")
        }
    }

    @Test func accessors() {
        let value: JSONValue = ["s": "x", "i": 3, "d": 2.0, "f": 2.5, "b": true, "a": [1], "n": nil]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.int64Value == 3)
        #expect(value["d"]?.int64Value == 2)
        #expect(value["f"]?.int64Value == nil)
        #expect(value["i"]?.doubleValue == 3)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["n"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 7)
        #expect(JSONValue.string("x")["s"] == nil)
        #expect(JSONValue.double(1e30).int64Value == nil)
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.null.isNull)
    }

    @Test func literals() {
        let value: JSONValue = ["a": 1, "b": 1.5, "c": "s", "d": false, "e": [nil]]
        #expect(
            value
                == .object([
                    "a": .int(1), "b": .double(1.5), "c": .string("s"), "d": .bool(false), "e": .array([.null]),
                ]))
    }

    @Test func descriptionIsJSON() {
        let value: JSONValue = ["a": [1, "x"]]
        #expect(value.description == #"{"a":[1,"x"]}"#)
    }
}
