import S3XML
import Testing

@Suite("S3ErrorDocument")
struct S3ErrorDocumentTests {
    @Test("moto's errors carry RequestId and HostId")
    func motoFields() throws {
        let error = try S3ErrorDocument(xml: Fixture.body("moto/error-nosuchkey"))
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The specified key does not exist.")
        #expect(error.key == "no/such/key.txt")
        #expect(error.requestID == "pjN4dfLnJy999YyQp4LDkO3NNnKmAeipKAPa4qeBq0Ef2IaIDbdR")
        #expect(error.hostID == "9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg=")
        #expect(error.resource == nil && error.additionalFields.isEmpty)
        #expect(error.description == "NoSuchKey: The specified key does not exist.")
    }

    @Test("SeaweedFS's errors carry Resource, Key and BucketName, and no HostId")
    func seaweedFields() throws {
        let error = try S3ErrorDocument(xml: Fixture.body("seaweedfs/error-access-denied-anonymous"))
        #expect(error.code == "AccessDenied")
        #expect(error.resource == "/xml-corpus/plain.txt")
        #expect(error.key == "plain.txt")
        #expect(error.bucketName == "xml-corpus")
        #expect(error.requestID == "18EC59E5F2401078B333E455")
        #expect(error.hostID == nil)
        let apostrophe = try S3ErrorDocument(xml: Fixture.body("seaweedfs/error-complete-invalid-part"))
        #expect(apostrophe.message?.hasSuffix("match the part's entity tag.") == true)  // &#39;
    }

    @Test("other children are kept by name")
    func additionalFields() throws {
        let range = try S3ErrorDocument(xml: Fixture.body("moto/error-invalid-range"))
        #expect(range.additionalFields == ["ActualObjectSize": "10", "RangeRequested": "bytes=100-200"])
        let region = try S3ErrorDocument(xml: Fixture.body("synthetic/error-authorization-header-malformed-region"))
        #expect(region.additionalFields["Region"] == "eu-west-1")
        let redirect = try S3ErrorDocument(xml: Fixture.body("synthetic/error-permanent-redirect-301"))
        #expect(redirect.additionalFields["Endpoint"] == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(redirect.additionalFields["Bucket"] == "my-bucket")
        let skew = try S3ErrorDocument(xml: Fixture.body("synthetic/error-request-time-too-skewed"))
        #expect(skew.additionalFields["MaxAllowedSkewMilliseconds"] == "900000")
        #expect(skew.additionalFields["ServerTime"] == "2026-01-15T08:30:00Z")
        let upload = try S3ErrorDocument(xml: Fixture.body("synthetic/error-nosuchupload-aws-shape"))
        #expect(upload.additionalFields["UploadId"] == "no-such-upload-id")
        let small = try S3ErrorDocument(xml: Fixture.body("synthetic/error-entity-too-small-aws-shape"))
        #expect(small.additionalFields["ProposedSize"] == "1024" && small.additionalFields["PartNumber"] == "1")
    }

    @Test("multi-line StringToSign and CanonicalRequest survive exactly")
    func signatureMismatchDetails() throws {
        let error = try S3ErrorDocument(xml: Fixture.body("synthetic/error-signature-does-not-match-aws-shape"))
        #expect(error.additionalFields["AWSAccessKeyId"] == "AKIAIOSFODNN7EXAMPLE")
        #expect(
            error.additionalFields["StringToSign"]
                == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        #expect(error.additionalFields["CanonicalRequest"]?.hasPrefix("GET\n/test.txt\n\nhost:") == true)
    }

    @Test("throttling and server errors parse with their codes")
    func retryableCodes() throws {
        let slowDown = try S3ErrorDocument(xml: Fixture.body("synthetic/error-slowdown-503"))
        #expect(slowDown.code == "SlowDown" && slowDown.message == "Please reduce your request rate.")
        #expect(try S3ErrorDocument(xml: Fixture.body("synthetic/error-internal-error-500")).code == "InternalError")
    }

    @Test("a non-ASCII key in an error")
    func nonASCIIKey() throws {
        #expect(
            try S3ErrorDocument(xml: Fixture.body("synthetic/error-nosuchkey-aws-shape")).key
                == "photos/summer 2024/café.jpg")
    }

    @Test("an <Error> without a Code is refused, so the caller falls back to the HTTP status")
    func missingCode() throws {
        for name in ["malformed/error-missing-code", "malformed/error-empty-element"] {
            let body = try Fixture.body(name)
            do {
                _ = try S3ErrorDocument(xml: body)
                Issue.record("\(name) must not parse")
            } catch let error as S3XMLError {
                #expect(error.kind == .missingElement)
                #expect(error.description == "The S3 response lacks <Code> in <Error>")
            }
        }
        expectRefusal(.invalidValue) { () throws(S3XMLError) in
            _ = try S3ErrorDocument(xml: Array("<Error><Code> </Code></Error>".utf8))
        }
    }

    @Test("HTML and JSON error pages are refused as malformed, with libxml2's reason")
    func notXML() throws {
        for name in ["moto/error-complete-nosuchupload", "malformed/html-502-from-proxy", "malformed/json-error-body"] {
            do {
                _ = try S3ErrorDocument(xml: Fixture.body(name))
                Issue.record("\(name) must not parse")
            } catch let error as S3XMLError {
                #expect(error.kind == .malformed)
                #expect(error.line != nil)
                #expect(error.description.hasPrefix("The S3 response is not well-formed XML: "))
            }
        }
    }
}
