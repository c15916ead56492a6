import Testing

@testable import ServiceModel

@Suite("Java-style value rendering")
struct ValueRenderingTests {
    @Test func rendersScalarsAndCollections() {
        #expect(JSONValue.string("abc").javaRendering == "abc")
        #expect(JSONValue.int(-3).javaRendering == "-3")
        #expect(JSONValue.bool(true).javaRendering == "true")
        #expect(JSONValue.null.javaRendering == "null")
        #expect((["a", 1, ["b": [true]]] as JSONValue).javaRendering == "[a, 1, {b=[true]}]")
        #expect((["z": "1", "a": "2"] as JSONValue).javaRendering == "{a=2, z=1}")
        #expect(JSONValue.array([]).javaRendering == "[]")
        #expect(JSONValue.object([:]).javaRendering == "{}")
    }

    @Test(
        arguments: [
            (1.0, "1.0"), (0.5, "0.5"), (0.0, "0.0"), (-2.25, "-2.25"), (0.001, "0.001"), (1e-4, "1.0E-4"),
            (1.5e-5, "1.5E-5"), (1e7, "1.0E7"), (123456789.0, "1.23456789E8"), (-2.5e10, "-2.5E10"),
            (1e16, "1.0E16"), (1.7976931348623157e308, "1.7976931348623157E308"), (9999999.0, "9999999.0"),
        ] as [(Double, String)])
    func rendersDoublesLikeJava(_ value: Double, _ expected: String) {
        #expect(JSONValue.double(value).javaRendering == expected)
    }

    @Test func rendersNonFiniteDoublesLikeJava() {
        #expect(JSONValue.javaDouble(.nan) == "NaN")
        #expect(JSONValue.javaDouble(.infinity) == "Infinity")
        #expect(JSONValue.javaDouble(-.infinity) == "-Infinity")
    }
}
