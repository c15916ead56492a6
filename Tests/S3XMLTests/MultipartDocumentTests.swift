import S3XML
import Testing

@Suite("Multipart and DeleteObjects documents")
struct MultipartDocumentTests {
    @Test("InitiateMultipartUploadResult from both servers")
    func initiate() throws {
        let moto = try InitiateMultipartUploadResult(xml: Fixture.body("moto/initiate-multipart-upload-result"))
        #expect(moto.bucket == "xml-corpus" && moto.key == "multipart/big object.bin")
        #expect(moto.uploadID == "Y0uVgKa4DZjyo9GwO3K00AqNAaiJmhLtxYamzaYM80uJkVXWcFjK6wovw")
        let seaweed = try InitiateMultipartUploadResult(xml: Fixture.body("seaweedfs/initiate-multipart-upload-result"))
        #expect(seaweed.uploadID == "c4749381607d995a912fcf9997c58c73a8c248fb_57a2f113b5444d9eb7da472c80b5403a")
    }

    @Test("CompleteMultipartUploadResult and moto's CompleteMultipartUploadResponse")
    func complete() throws {
        let moto = try CompleteMultipartUploadResult(xml: Fixture.body("moto/complete-multipart-upload-result"))
        #expect(moto.location == "http://xml-corpus.s3.amazonaws.com/multipart/big object.bin")
        #expect(moto.bucket == "xml-corpus" && moto.key == "multipart/big object.bin")
        #expect(moto.eTag == "\"10641a1a8041064e607b029b35962c0f-2\"")
        #expect(moto.unquotedETag == "10641a1a8041064e607b029b35962c0f-2")
        let seaweed = try CompleteMultipartUploadResult(xml: Fixture.body("seaweedfs/complete-multipart-upload-result"))
        #expect(seaweed.unquotedETag == "c00f8f5cea311b28d87cfe601b4fd0be-2")
        #expect(seaweed.location == "http://127.0.0.1:21000/xml-corpus/multipart/big%20object.bin")
    }

    @Test(
        "a 200 carrying an <Error> is a failure, with or without leading whitespace",
        arguments: ["complete-multipart-200-with-error", "complete-multipart-200-with-error-leading-whitespace"])
    func completionFailure(name: String) throws {
        let outcome = try CompleteMultipartUploadOutcome(xml: Fixture.body("synthetic/\(name)"))
        guard case .failed(let error) = outcome else {
            Issue.record("a 200 with <Error> must be a failure")
            return
        }
        #expect(error.code == "InternalError")
        #expect(error.requestID == "656c76696e6727732072657175657374")
    }

    @Test("a successful completion after keep-alive whitespace")
    func completionAfterWhitespace() throws {
        let outcome = try CompleteMultipartUploadOutcome(
            xml: Fixture.body("synthetic/complete-multipart-200-success-leading-whitespace"))
        guard case .completed(let result) = outcome else {
            Issue.record("expected a completed upload")
            return
        }
        #expect(result.key == "big/video.mp4" && result.unquotedETag == "3858f62230ac3c915f300c664312c11f-9")
    }

    @Test("an unusable 200 body is refused, never taken for success")
    func unusableCompletionBodies() throws {
        expectRefusal(.emptyDocument) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadOutcome(xml: Array("  \n \n".utf8))
        }
        expectRefusal(.unexpectedRoot) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadOutcome(xml: Array("<Other/>".utf8))
        }
        expectRefusal(.missingElement) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadOutcome(xml: Array("\n<Error/>".utf8))
        }
        expectRefusal(.malformed) { () throws(S3XMLError) in
            _ = try CompleteMultipartUploadOutcome(xml: Array("  <CompleteMultipartUploadResult><ETag>".utf8))
        }
    }

    @Test("DeleteResult lists deleted keys, including one that never existed", arguments: ["moto", "seaweedfs"])
    func deleteResult(server: String) throws {
        let result = try DeleteResult(xml: Fixture.body("\(server)/delete-objects-result"))
        #expect(result.deleted.map(\.key) == ["plain.txt", "dir two/a+b=c&d.txt", "never/existed.txt"])
        #expect(result.errors.isEmpty)
    }

    @Test("DeleteResult errors and versions")
    func deleteErrors() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Deleted><Key>a</Key><VersionId>v1</VersionId><DeleteMarker>true</DeleteMarker>\
            <DeleteMarkerVersionId>m1</DeleteMarkerVersionId></Deleted>
              <Error><Key>b &amp; c</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
            </DeleteResult>
            """
        let result = try DeleteResult(xml: Array(xml.utf8))
        #expect(result.deleted.first?.versionID == "v1" && result.deleted.first?.isDeleteMarker == true)
        #expect(result.deleted.first?.deleteMarkerVersionID == "m1")
        #expect(result.errors.map(\.key) == ["b & c"])
        #expect(result.errors.first?.code == "AccessDenied" && result.errors.first?.message == "Access Denied")
    }

    @Test("ListPartsResult and moto's ListPartsResponse", arguments: ["moto", "seaweedfs"])
    func listParts(server: String) throws {
        let result = try ListPartsResult(xml: Fixture.body("\(server)/list-parts-result"))
        #expect(result.key == "multipart/big object.bin" && !result.isTruncated)
        #expect(result.parts.map(\.size) == [5_242_880, 4])
        #expect(result.parts.last?.eTag == "\"7aea2552dfe7eb84b9443b6fc9ba6e01\"")
        #expect(result.parts.allSatisfy { $0.lastModified != nil })
    }
}
