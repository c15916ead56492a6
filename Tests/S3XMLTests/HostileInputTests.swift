import Testing

@testable import S3XML

@Suite("Hostile and broken input")
struct HostileInputTests {
    private func parse(_ text: String, limits: XMLParsingLimits = .default) throws(S3XMLError) -> S3XMLElement {
        try SafeXMLParser(limits: limits).parse(Array(text.utf8))
    }

    @Test("billion laughs is refused at once, without expanding anything")
    func billionLaughs() throws {
        let body = try Fixture.body("malformed/billion-laughs")
        let elapsed = ContinuousClock().measure {
            expectRefusal(.hostile) { () throws(S3XMLError) in _ = try SafeXMLParser().parse(body) }
        }
        #expect(elapsed < .seconds(5))  // an expansion would not end; generous for a loaded CI machine
    }

    @Test("external entities and external DTDs are refused before anything is fetched")
    func externalEntities() throws {
        for name in ["malformed/doctype-xxe-external-entity", "malformed/doctype-external-dtd"] {
            let body = try Fixture.body(name)
            do {
                _ = try SafeXMLParser().parse(body)
                Issue.record("\(name) must be refused")
            } catch {
                #expect(error.kind == .hostile)
                #expect(error.message.contains("DOCTYPE"))
            }
        }
    }

    @Test("libxml2's hooks refuse a DOCTYPE and entity declarations on their own (defence in depth)")
    func hooksRefuseDocumentTypes() throws {
        for name in [
            "malformed/billion-laughs", "malformed/doctype-xxe-external-entity", "malformed/doctype-external-dtd",
        ] {
            let body = try Fixture.body(name)
            expectRefusal(.hostile) { () throws(S3XMLError) in
                _ = try body.withUnsafeBufferPointer { (buffer) throws(S3XMLError) in
                    try LibXML2Parse(limits: .default, lineOffset: 0).parse(buffer)
                }
            }
        }
    }

    @Test("comments and CDATA are fine, but <!DOCTYPE is refused even inside them")
    func doctypeAsText() throws {
        let root = try parse("<a><!-- <b x='1'> --><![CDATA[<c y=\"2\">]]></a>")
        #expect(root.text == "<c y=\"2\">" && root.children.isEmpty)
        expectRefusal(.hostile) { () throws(S3XMLError) in _ = try parse("<a><!-- <!DOCTYPE x> --></a>") }
    }

    @Test("a tag that hides attributes behind a malformed end tag is still counted")
    func attributesBehindEndTag() {
        let flood = (0..<100).map { " a\($0)=\"\"" }.joined()
        expectRefusal(.tooComplex) { () throws(S3XMLError) in _ = try parse("<a></b x=\"<c\(flood)>\"></a>") }
        expectRefusal(.tooComplex) { () throws(S3XMLError) in _ = try parse("<a><?pi <c\(flood)> ?></a>") }
    }

    @Test("undefined entities and lowercase doctypes are malformed")
    func otherMarkup() {
        expectRefusal(.malformed) { () throws(S3XMLError) in _ = try parse("<a>&xxe;</a>") }
        expectRefusal(.malformed) { () throws(S3XMLError) in _ = try parse("<!doctype html><html></html>") }
    }

    @Test("20 000 nested elements are refused at the depth limit")
    func deepNesting() throws {
        let body = try Fixture.body("malformed/deeply-nested")
        do {
            _ = try SafeXMLParser().parse(body)
            Issue.record("deep nesting must be refused")
        } catch {
            #expect(error.kind == .tooDeep)
            #expect(error.description == "The S3 response nests elements deeper than the limit of 64")
        }
    }

    @Test("the depth limit is exact")
    func depthLimit() throws {
        let limits = XMLParsingLimits(maxDepth: 3)
        #expect(try parse("<a><b><c>x</c></b></a>", limits: limits).children.first?.children.first?.text == "x")
        expectRefusal(.tooDeep) { () throws(S3XMLError) in _ = try parse("<a><b><c><d/></c></b></a>", limits: limits) }
    }

    @Test("the element count and document size are bounded")
    func countAndSize() {
        let many = "<a>" + String(repeating: "<b/>", count: 10) + "</a>"
        #expect(throws: Never.self) { try parse(many, limits: XMLParsingLimits(maxElementCount: 11)) }
        expectRefusal(.tooComplex) { () throws(S3XMLError) in
            _ = try parse(many, limits: XMLParsingLimits(maxElementCount: 10))
        }
        expectRefusal(.tooLarge) { () throws(S3XMLError) in
            _ = try parse(many, limits: XMLParsingLimits(maxByteCount: many.utf8.count - 1))
        }
    }

    @Test("an element with 100 000 attributes is refused in linear time (libxml2 2.9 would take minutes)")
    func attributeFlood() {
        var text = "<ListBucketResult"
        for index in 0..<100_000 { text += " a\(index)=\"\"" }
        text += "/>"
        let elapsed = ContinuousClock().measure {
            expectRefusal(.tooComplex) { () throws(S3XMLError) in _ = try parse(text) }
        }
        #expect(elapsed < .seconds(15))  // minutes when quadratic; generous for a loaded CI machine
    }

    @Test("quoted = and > do not confuse the attribute count")
    func quotedAttributes() throws {
        let limits = XMLParsingLimits(maxAttributesPerElement: 2)
        #expect(try parse(#"<a x="=>=" y='>'>t</a>"#, limits: limits).text == "t")
        expectRefusal(.tooComplex) { () throws(S3XMLError) in _ = try parse(#"<a x="1" y="2" z="3"/>"#, limits: limits)
        }
    }

    @Test("invalid UTF-8 is refused with its line")
    func invalidUTF8() throws {
        let body = try Fixture.body("malformed/list-v2-invalid-utf8")
        do {
            _ = try SafeXMLParser().parse(body)
            Issue.record("invalid UTF-8 must be refused")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.line == 2)
        }
    }

    @Test("a truncated document is malformed, with libxml2's message and line")
    func truncated() throws {
        let body = try Fixture.body("malformed/truncated-list-v2")
        do {
            _ = try SafeXMLParser().parse(body)
            Issue.record("a truncated document must be refused")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.line == 2)
            #expect(error.message.contains("Conten"))
        }
    }

    @Test("line numbers count the whitespace skipped before the declaration")
    func linesAfterSkippedWhitespace() {
        do {
            _ = try parse("\n\n<a><b></a>")
            Issue.record("mismatched tags must be refused")
        } catch {
            #expect(error.kind == .malformed && error.line == 3)
            #expect(error.message.contains("mismatch"))
        }
    }

    @Test("NUL bytes, empty and whitespace-only bodies are refused")
    func emptyAndNUL() throws {
        expectRefusal(.malformed) { () throws(S3XMLError) in _ = try SafeXMLParser().parse(Array("<a>\0</a>".utf8)) }
        expectRefusal(.emptyDocument) { () throws(S3XMLError) in _ = try SafeXMLParser().parse([]) }
        expectRefusal(.emptyDocument) { () throws(S3XMLError) in
            _ = try SafeXMLParser().parse([0xEF, 0xBB, 0xBF, 0x20])
        }
    }
}
