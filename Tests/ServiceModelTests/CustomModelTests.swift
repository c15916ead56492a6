import ServiceModel
import Testing

/// Types that the served models do not use (blobs, doubles with ranges, maps of structures),
/// exercised through a small hand-written model.
@Suite("Custom model documents")
struct CustomModelTests {
    private static let document = #"""
        {"metadata":{"apiVersion":"2020-01-01","signingName":"test","targetPrefix":"Test"},
        "operations":{"Put":{"name":"Put","input":{"shape":"PutRequest"}},"Ping":{"name":"Ping"}},
        "shapes":{
        "PutRequest":{"type":"structure","memberOrder":["Data","Ratio","Items","Flags"],"required":["Data"],
          "members":{"Data":{"shape":"Payload"},"Ratio":{"shape":"Ratio"},"Items":{"shape":"ItemMap"},"Flags":{"shape":"FlagList"}}},
        "Payload":{"type":"blob","max":16},
        "Ratio":{"type":"double","min":0,"max":1},
        "ItemMap":{"type":"map","key":{"shape":"Name"},"value":{"shape":"Item"}},
        "Item":{"type":"structure","memberOrder":["Count"],"required":["Count"],"members":{"Count":{"shape":"Count"}}},
        "Count":{"type":"long","min":1},
        "FlagList":{"type":"list","member":{"shape":"Flag"}},
        "Flag":{"type":"boolean"},
        "Name":{"type":"string","min":1}
        }}
        """#

    private let model: ServiceModel

    init() throws {
        model = try ServiceModel(document: Self.document)
    }

    private func message(_ body: JSONValue) -> String? {
        Fixtures.message(body, for: "Put", in: model)
    }

    @Test func loadsMetadata() {
        #expect(model.targetPrefix == "Test")
        #expect(model.signingName == "test")
        #expect(model.shape(named: "Payload")?.type == .blob)
    }

    @Test func acceptsAValidBody() throws {
        let body: JSONValue = ["Data": "aGVsbG8=", "Ratio": 0.5, "Items": ["a": ["Count": 3]], "Flags": [true, false]]
        #expect(try model.validateInput(of: "Put", body) == body)
    }

    @Test func blobsMustBeBase64() {
        #expect(
            Fixtures.error(["Data": "not base64!"], for: "Put", in: model)
                == .serialization("Expected base64-encoded data at 'data' but found a string that is not valid base64.")
        )
        #expect(
            Fixtures.error(["Data": 12], for: "Put", in: model)
                == .serialization("Expected base64-encoded data at 'data' but found a number."))
        #expect(message(["Data": "aGVsbG8="]) == nil)
        #expect(message(["Data": ""]) == nil)
    }

    @Test func doubleRanges() {
        #expect(
            message(["Data": "", "Ratio": 1.5])
                == "1 validation error detected: Value '1.5' at 'ratio' failed to satisfy constraint: Member must have value less than or equal to 1"
        )
        #expect(
            message(["Data": "", "Ratio": -1])
                == "1 validation error detected: Value '-1' at 'ratio' failed to satisfy constraint: Member must have value greater than or equal to 0"
        )
        #expect(
            Fixtures.error(["Data": "", "Ratio": "0.5"], for: "Put", in: model)
                == .serialization("Expected a number at 'ratio' but found a string."))
    }

    @Test func mapsOfStructuresReportInsideEntries() {
        let body: JSONValue = ["Data": "", "Items": ["b": ["Count": 0], "a": [:], "": ["Count": 1]]]
        #expect(
            message(body) == "3 validation errors detected: "
                + "Value '{={Count=1}, a={}, b={Count=0}}' at 'items' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1]; "
                + "Value null at 'items.a.count' failed to satisfy constraint: Member must not be null; "
                + "Value '0' at 'items.b.count' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
    }

    @Test func listsOfBooleans() {
        #expect(
            Fixtures.error(["Data": "", "Flags": [true, "no"]], for: "Put", in: model)
                == .serialization("Expected a boolean at 'flags.2.member' but found a string."))
        #expect(
            message(["Data": "", "Flags": [true, nil]])
                == "1 validation error detected: Value null at 'flags.2.member' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func operationWithoutInputAcceptsAnyObject() throws {
        #expect(try model.validateInput(of: "Ping", ["Anything": 1]) == [:])
        #expect(try model.validateInput(of: "Ping", nil) == [:])
    }
}
