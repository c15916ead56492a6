import Foundation
import Testing

@testable import SigV4

/// Query-string (presigned URL) authentication: signing with `presignedURL`, verifying, expiry.
@Suite("SigV4Verifier: presigned URLs")
struct PresignedVerifierTests {
    static let url = URL(string: "http://127.0.0.1:8080/jobs/my%20job?view=full&b=2")!

    static func request(
        _ url: URL, method: String = "GET", payloadHash: String = SHA256.emptyHexDigest
    ) -> SignedRequest {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        return SignedRequest(
            method: method, path: components?.percentEncodedPath ?? "/", query: components?.percentEncodedQuery ?? "",
            headers: [("Host", "127.0.0.1:8080")], payloadHash: payloadHash, service: "sagemaker")
    }

    static func presigned(expires: Int = 300, token: String? = nil) -> URL {
        TestRequests.signer(token: token).presignedURL(
            method: "GET", url: url, expires: expires, date: TestRequests.signedAt)
    }

    @Test func presignedURLKeepsTheQueryAndAppendsAuthentication() throws {
        let query = try #require(
            URLComponents(url: Self.presigned(), resolvingAgainstBaseURL: false)?.percentEncodedQuery)
        #expect(
            query.hasPrefix(
                "view=full&b=2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSAGETRAINTEST%2F20240102%2Fus-east-1%2Fsagemaker%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature="
            ))
    }

    @Test func verifies() throws {
        let identity = try TestRequests.verifier.verify(
            Self.request(Self.presigned()), now: TestRequests.signedAt + 299)
        #expect(identity.method == .queryString(expires: 300))
        #expect(identity.signedHeaders == ["host"])
        #expect(identity.accessKeyID == TestRequests.accessKeyID)
    }

    @Test func verifiesWithSignedSessionToken() throws {
        let url = Self.presigned(token: TestRequests.sessionToken)
        #expect(
            url.absoluteString.contains("X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE%2F%2Ftoken%2Bwith%2Fslashes%3D%3D"))
        let identity = try TestRequests.verifier.verify(Self.request(url), now: TestRequests.signedAt)
        #expect(identity.sessionToken == TestRequests.sessionToken)
    }

    @Test func payloadMayBeSignedAsTheBodyHash() throws {
        let body = Array(#"{"a":1}"#.utf8)
        let url = TestRequests.signer().presignedURL(
            method: "POST", url: Self.url, expires: 60, payloadHash: .of(body), date: TestRequests.signedAt)
        let request = Self.request(url, method: "POST", payloadHash: SHA256.hexDigest(body))
        #expect(TestRequests.failure(request) == nil)
        #expect(TestRequests.failure(Self.request(url, method: "POST")) == .signatureMismatch)
    }

    @Test func tamperedQueryFails() throws {
        let url = Self.presigned()
        var request = Self.request(url)
        request.query = request.query.replacingOccurrences(of: "view=full", with: "view=none")
        #expect(TestRequests.failure(request) == .signatureMismatch)
        request = Self.request(url)
        request.query = request.query.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=600")
        #expect(TestRequests.failure(request) == .signatureMismatch)
        request = Self.request(url)
        request.path = "/jobs/other"
        #expect(TestRequests.failure(request) == .signatureMismatch)
    }

    @Test func expired() throws {
        let error = try #require(TestRequests.failure(Self.request(Self.presigned()), now: TestRequests.signedAt + 301))
        #expect(error.code == "InvalidSignatureException")
        #expect(
            error.message
                == "Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T030906Z - 5 min.)"
        )
        // A week-long URL is still good after six days: X-Amz-Expires, not the clock skew, bounds the past.
        let week = Self.request(Self.presigned(expires: 604_800))
        #expect(TestRequests.failure(week, now: TestRequests.signedAt + 6 * 86_400) == nil)
    }

    @Test func notYetCurrent() throws {
        let error = try #require(TestRequests.failure(Self.request(Self.presigned()), now: TestRequests.signedAt - 901))
        #expect(
            error.message
                == "Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T024904Z + 15 min.)"
        )
    }

    @Test(arguments: [
        ("abc", "X-Amz-Expires should be a number"),
        ("-1", "X-Amz-Expires must be non-negative"),
        ("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
    ])
    func badExpires(_ value: String, _ message: String) throws {
        var request = Self.request(Self.presigned())
        request.query = request.query.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=\(value)")
        let error = try #require(TestRequests.failure(request))
        #expect(error.code == "IncompleteSignatureException")
        #expect(error.message == message)
    }

    @Test func missingQueryParameters() throws {
        let error = try #require(
            TestRequests.failure(Self.request(URL(string: "http://127.0.0.1:8080/?X-Amz-Signature=00")!)))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message == "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                + "AWS query-string parameters must include 'X-Amz-Credential'. "
                + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                + "AWS query-string parameters must include 'X-Amz-Date'. "
                + "Re-examine the query-string parameters.")
    }
}
