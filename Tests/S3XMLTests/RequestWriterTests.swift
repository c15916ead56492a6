import S3XML
import Testing

@Suite("Request bodies")
struct RequestWriterTests {
    @Test("CompleteMultipartUpload lists the parts in order")
    func completeMultipartUpload() throws {
        let request = CompleteMultipartUploadRequest(parts: [
            .init(partNumber: 1, eTag: "\"887ff0b6f9b13ab19926a0883602cfcf\""),
            .init(partNumber: 2, eTag: "\"7aea2552dfe7eb84b9443b6fc9ba6e01\""),
        ])
        let body = try request.xmlBody()
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload "#
                + #"xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber>"#
                + "<ETag>&quot;887ff0b6f9b13ab19926a0883602cfcf&quot;</ETag></Part><Part><PartNumber>2</PartNumber>"
                + "<ETag>&quot;7aea2552dfe7eb84b9443b6fc9ba6e01&quot;</ETag></Part></CompleteMultipartUpload>")
        let root = try SafeXMLParser().parse(body)
        #expect(root.name == "CompleteMultipartUpload")
        let parts = root.children(named: "Part").map { ($0.text(of: "PartNumber"), $0.text(of: "ETag")) }
        #expect(parts.map(\.0) == ["1", "2"])
        #expect(parts.map(\.1) == request.parts.map(\.eTag))
    }

    @Test("awkward keys survive a round trip through the parser")
    func deleteRoundTrip() throws {
        let keys =
            Fixture.sevenKeys + [
                "a]]>b", "cr\r\nlf", "  spaces  ", "emoji 😀/é", "&amp;&lt;", "<!DOCTYPE x>", "%2B+%20",
            ]
        let request = DeleteObjectsRequest(
            objects: keys.map { .init(key: $0) } + [.init(key: "versioned", versionID: "v&1")], isQuiet: true)
        let root = try SafeXMLParser().parse(request.xmlBody())
        #expect(root.name == "Delete")
        let objects = root.children(named: "Object")
        #expect(objects.compactMap { $0.text(of: "Key") } == keys + ["versioned"])
        #expect(objects.last?.text(of: "VersionId") == "v&1")
        #expect(root.text(of: "Quiet") == "true")
        let loud = try SafeXMLParser().parse(DeleteObjectsRequest(keys: ["k"]).xmlBody())
        #expect(loud.firstChild(named: "Quiet") == nil)
    }

    @Test(
        "characters XML 1.0 cannot carry are refused",
        arguments: ["\u{0}", "\u{1}", "a\u{1F}b", "\u{FFFE}", "\u{FFFF}", "\u{B}"])
    func unrepresentable(key: String) {
        expectRefusal(.unrepresentableCharacter) { () throws(S3XMLError) in
            _ = try DeleteObjectsRequest(keys: [key]).xmlBody()
        }
        expectRefusal(.unrepresentableCharacter) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadRequest(parts: [.init(partNumber: 1, eTag: key)]).xmlBody()
        }
    }

    @Test("out-of-range requests are refused")
    func limits() {
        expectRefusal(.invalidValue) { () throws(S3XMLError) in _ = try DeleteObjectsRequest(keys: []).xmlBody() }
        expectRefusal(.invalidValue) { () throws(S3XMLError) in
            _ = try DeleteObjectsRequest(keys: (0...1000).map(String.init)).xmlBody()
        }
        expectRefusal(.invalidValue) { () throws(S3XMLError) in _ = try DeleteObjectsRequest(keys: [""]).xmlBody() }
        expectRefusal(.invalidValue) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadRequest(parts: []).xmlBody()
        }
        for number in [0, 10_001] {
            expectRefusal(.invalidValue) { () throws(S3XMLError) in
                _ = try CompleteMultipartUploadRequest(parts: [.init(partNumber: number, eTag: "e")]).xmlBody()
            }
        }
    }
}
