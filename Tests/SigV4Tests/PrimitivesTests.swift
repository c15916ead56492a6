import Foundation
import Testing

@testable import SigV4

/// SHA-256, HMAC-SHA256, encoding, timestamps, URL parts and credential redaction.
@Suite("Primitives")
struct PrimitivesTests {
    @Test func sha256KnownAnswers() {
        #expect(SHA256.hexDigest([UInt8]()) == SHA256.emptyHexDigest)
        #expect(SHA256.hexDigest(utf8: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(Data("abc".utf8)) == SHA256.hexDigest(utf8: "abc"))
        #expect(PayloadHash.of([UInt8]()) == .emptyBody)
        #expect(PayloadHash.unsigned.value == "UNSIGNED-PAYLOAD")
    }

    @Test func sha256OfAFileIsStreamed() throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "sigv4-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: url)
        #expect(try SHA256.hexDigest(ofFileAt: url, chunkSize: 4096) == SHA256.hexDigest(bytes))
        #expect(throws: (any Error).self) { try SHA256.hexDigest(ofFileAt: url.appending(path: "missing")) }
    }

    @Test func incrementalHasher() {
        var hasher = SHA256Hasher()
        hasher.update(Array("a".utf8))
        hasher.update([UInt8]())
        hasher.update(Data("bc".utf8))
        #expect(Hex.encode(hasher.finalize()) == SHA256.hexDigest(utf8: "abc"))
    }

    /// RFC 4231 test cases 1 and 2.
    @Test func hmacKnownAnswers() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(
            Hex.encode(HMACSHA256.authenticate("Hi There".utf8, key: key))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            Hex.encode(HMACSHA256.authenticate("what do ya want for nothing?".utf8, key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.authenticate([UInt8](), key: key).count == 32)
    }

    /// The signing-key example of the AWS documentation (IAM user guide, "Derive a signing key").
    @Test func signingKeyExample() {
        let key = SigV4Signer.signingKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215",
            region: "us-east-1", service: "iam")
        #expect(Hex.encode(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals("abc".utf8, "abc".utf8))
        #expect(!constantTimeEquals("abc".utf8, "abd".utf8))
        #expect(!constantTimeEquals("abc".utf8, "ab".utf8))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
    }

    @Test func uriEncoding() {
        #expect(URIEncoding.encode("a b+c/~é") == "a%20b%2Bc%2F~%C3%A9")
        #expect(URIEncoding.encode("/a b/", keepingSlash: true) == "/a%20b/")
        #expect(URIEncoding.decode("a%20b+%2f%zz%4".utf8) == Array("a b+/%zz%4".utf8))
        #expect(SigV4Signer.canonicalURI(path: "/a%20b/../c", rules: .standard) == "/c")
        #expect(SigV4Signer.canonicalURI(path: "/a%20b", rules: .standard) == "/a%2520b")
        #expect(SigV4Signer.canonicalURI(path: "/a%20b/../c$", rules: .s3) == "/a%20b/../c%24")
        #expect(SigV4Signer.canonicalURI(path: "", rules: .s3) == "/")
        #expect(SigV4Signer.canonicalQueryString("b=2&a=2&a=1&c&&d=") == "a=1&a=2&b=2&c=&d=")
        #expect(SigV4Signer.canonicalQueryString(items: [(name: "k y", value: "v/+")]) == "k%20y=v%2F%2B")
    }

    @Test func timestamps() throws {
        let date = FixtureFiles.date("2015-08-30T12:36:00Z")
        #expect(AMZDate.basic(date) == "20150830T123600Z")
        #expect(AMZDate.basic(date.addingTimeInterval(0.999)) == "20150830T123600Z")
        #expect(AMZDate.dateStamp(date) == "20150830")
        #expect(AMZDate.parseBasic("20150830T123600Z") == AMZDate.wholeSeconds(date))
        #expect(AMZDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 GMT") == AMZDate.wholeSeconds(date))
        #expect(AMZDate.basic(seconds: 951_782_400) == "20000229T000000Z")
        #expect(AMZDate.parseBasic("20000229T000000Z") == 951_782_400)
        for bad in ["20150830T123600", "2015083OT123600Z", "20150230T000000Z", "20150830T246000Z", "20150830 123600Z"] {
            #expect(AMZDate.parseBasic(bad) == nil, "\(bad)")
        }
        #expect(AMZDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 UTC") == nil)
        #expect(AMZDate.parseHTTPDate("Sunday, 30-Aug-15 12:36:00 GMT") == nil)
    }

    @Test func urlParts() throws {
        let parts = URLParts(try #require(URL(string: "https://Example.com:443/a%20b/?x=1%2F2")))
        #expect(parts.host == "Example.com")
        #expect(parts.path == "/a%20b/")
        #expect(parts.query == "x=1%2F2")
        #expect(URLParts(try #require(URL(string: "http://127.0.0.1:9000"))).host == "127.0.0.1:9000")
        #expect(URLParts(try #require(URL(string: "http://127.0.0.1:9000"))).path == "/")
        #expect(URLParts(try #require(URL(string: "http://[::1]:8080/"))).host == "[::1]:8080")
    }

    @Test func credentialsNeverPrintTheSecret() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SECRET-KEY", sessionToken: "SESSION-TOKEN")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [
            credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials),
            dumped,
        ] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("SECRET-KEY"))
            #expect(!text.contains("SESSION-TOKEN"))
        }
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sagemaker")
        var dumpedSigner = ""
        dump(signer, to: &dumpedSigner)
        #expect(!dumpedSigner.contains("SECRET-KEY"))
        #expect(!"\(signer)".contains("SECRET-KEY"))
    }

    @Test func rulesPerService() {
        #expect(SigningRules.forService("s3") == .s3)
        #expect(SigningRules.forService("sagemaker") == .standard)
        #expect(
            SigV4Signer(credentials: .init(accessKeyID: "a", secretAccessKey: "b"), region: "r", service: "s3").rules
                == .s3)
    }
}
