import Foundation
import Testing

@testable import SigV4

/// Requests signed by our signer verify; any change to what was signed does not.
@Suite("SigV4Verifier: acceptance and tampering")
struct VerifierTests {
    static let mismatch = SigV4VerificationError.signatureMismatch

    @Test func signedRequestVerifies() throws {
        let identity = try TestRequests.verifier.verify(TestRequests.describeTrainingJob(), now: TestRequests.signedAt)
        #expect(identity.accessKeyID == TestRequests.accessKeyID)
        #expect(identity.scope == CredentialScope(dateStamp: "20240102", region: "us-east-1", service: "sagemaker"))
        #expect(identity.signedHeaders == ["content-type", "host", "x-amz-date", "x-amz-target"])
        #expect(identity.date == TestRequests.signedAt)
        #expect(identity.method == .authorizationHeader)
        #expect(identity.sessionToken == nil)
    }

    @Test func sessionTokenIsSignedAndReported() throws {
        let request = TestRequests.describeTrainingJob(signer: TestRequests.signer(token: TestRequests.sessionToken))
        let identity = try TestRequests.verifier.verify(request, now: TestRequests.signedAt)
        #expect(identity.sessionToken == TestRequests.sessionToken)
        #expect(identity.signedHeaders.contains("x-amz-security-token"))
        #expect(!identity.description.contains(TestRequests.sessionToken))
        // The token is signed: changing it breaks the signature.
        let changed = request.replacingHeader("X-Amz-Security-Token", with: TestRequests.sessionToken + "x")
        #expect(TestRequests.failure(changed) == Self.mismatch)
    }

    @Test func changedBodyByteFails() {
        var request = TestRequests.describeTrainingJob()
        request.payloadHash = SHA256.hexDigest(utf8: TestRequests.body.replacingOccurrences(of: "job-1", with: "job-2"))
        let error = TestRequests.failure(request)
        #expect(error == Self.mismatch)
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.httpStatus == 400)
    }

    @Test func changedPathOrQueryFails() {
        var request = TestRequests.describeTrainingJob()
        request.path = "/x"
        #expect(TestRequests.failure(request) == Self.mismatch)
        request = TestRequests.describeTrainingJob()
        request.query = "a=b"
        #expect(TestRequests.failure(request) == Self.mismatch)
        request.method = "PUT"
        #expect(TestRequests.failure(request) == Self.mismatch)
    }

    @Test(arguments: ["X-Amz-Target", "Content-Type", "Host", "X-Amz-Date"])
    func changedSignedHeaderFails(_ name: String) throws {
        let request = TestRequests.describeTrainingJob()
        let value = try #require(request.header(name))
        let changed = name == "X-Amz-Date" ? "20240102T030406Z" : value + "x"
        #expect(TestRequests.failure(request.replacingHeader(name, with: changed)) == Self.mismatch)
    }

    @Test func unsignedHeadersMayChange() throws {
        let request = TestRequests.describeTrainingJob()
            .replacingHeader("User-Agent", with: "another/2.0")
            .replacingHeader("Content-Length", with: "28")
        #expect(TestRequests.failure(request) == nil)
    }

    @Test func headerNamesAndWhitespaceAreCanonicalised() throws {
        var request = TestRequests.describeTrainingJob()
        request.headers = request.headers.map { ($0.0.uppercased(), "  \($0.1)  ") }
        #expect(TestRequests.failure(request) == nil)
    }

    @Test func authorityStandsInForHost() {
        let request = TestRequests.describeTrainingJob()
        var moved = request.replacingHeader("Host", with: nil)
        moved.headers.append((":authority", "127.0.0.1:8080"))
        #expect(TestRequests.failure(moved) == nil)
    }

    @Test func wrongOrTruncatedSignatureFails() throws {
        let request = TestRequests.describeTrainingJob()
        let authorization = try #require(request.header("Authorization"))
        let signature = try #require(authorization.split(separator: "=").last.map(String.init))
        for replacement in [
            signature.uppercased(), String(signature.dropLast()), signature + "0", String(repeating: "0", count: 64),
        ] {
            let changed = authorization.replacingOccurrences(of: signature, with: replacement)
            #expect(TestRequests.failure(request.replacingHeader("Authorization", with: changed)) == Self.mismatch)
        }
    }

    @Test func anyRegionWhenNoneConfigured() throws {
        let verifier = SigV4Verifier(region: nil, services: ["sagemaker"]) {
            $0 == TestRequests.accessKeyID ? TestRequests.secretAccessKey : nil
        }
        let request = TestRequests.describeTrainingJob(signer: TestRequests.signer(region: "eu-west-3"))
        #expect(try verifier.verify(request, now: TestRequests.signedAt).scope.region == "eu-west-3")
    }

    @Test func dateHeaderInsteadOfXAmzDate() throws {
        // Signed by hand with the stages: `Date` (IMF-fixdate) instead of `X-Amz-Date`.
        let headers = [("Host", "127.0.0.1:8080"), ("Date", "Tue, 02 Jan 2024 03:04:05 GMT")]
        let canonical = SigV4Signer.canonicalRequest(
            method: "GET", path: "/", query: "", headers: headers, signedHeaders: ["host", "date"],
            payloadHash: SHA256.emptyHexDigest, rules: .standard)
        let scope = CredentialScope(date: TestRequests.signedAt, region: "us-east-1", service: "sagemaker")
        let key = SigV4Signer.signingKey(
            secretAccessKey: TestRequests.secretAccessKey, date: TestRequests.signedAt, region: "us-east-1",
            service: "sagemaker")
        let signature = SigV4Signer.signature(
            signingKey: key,
            stringToSign: SigV4Signer.stringToSign(
                canonicalRequest: canonical, date: TestRequests.signedAt, scope: scope))
        let authorization = SigV4Signer.authorizationHeader(
            accessKeyID: TestRequests.accessKeyID, scope: scope, signedHeaders: ["host", "date"], signature: signature)
        let request = SignedRequest(
            method: "GET", path: "/", headers: headers + [("Authorization", authorization)],
            payloadHash: SHA256.emptyHexDigest)
        #expect(try TestRequests.verifier.verify(request, now: TestRequests.signedAt).date == TestRequests.signedAt)
    }

    @Test func serviceFromRequestTarget() throws {
        let logs = TestRequests.describeTrainingJob(signer: TestRequests.signer(service: "logs"))
        var untargeted = logs
        untargeted.service = nil
        #expect(TestRequests.failure(untargeted) == nil)
        var targeted = logs
        targeted.service = "logs"
        #expect(TestRequests.failure(targeted) == nil)
    }
}
