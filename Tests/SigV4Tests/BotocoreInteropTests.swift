import Foundation
import Testing

@testable import SigV4

/// Requests recorded from real botocore clients (SageMaker and CloudWatch Logs, AWS JSON 1.1) verify at
/// their pinned time, and our signer reproduces botocore's Authorization byte for byte.
@Suite("botocore interoperability")
struct BotocoreInteropTests {
    static func verifier(_ fixture: BotocoreFixture) -> SigV4Verifier {
        SigV4Verifier(region: "us-east-1", services: ["sagemaker", "logs"]) {
            $0 == fixture.credentials.access_key_id ? fixture.credentials.secret_access_key : nil
        }
    }

    @Test func fixturesArePresent() throws {
        let fixtures = try BotocoreFixture.all()
        #expect(fixtures.map(\.service).sorted() == ["logs", "sagemaker", "sagemaker"])
        for fixture in fixtures {
            #expect(SHA256.hexDigest(utf8: fixture.request.body_utf8) == fixture.request.body_sha256)
        }
    }

    @Test("botocore request verifies", arguments: try BotocoreFixture.all())
    func verifies(_ fixture: BotocoreFixture) throws {
        let identity = try Self.verifier(fixture).verify(fixture.signedRequest(), now: fixture.date)
        #expect(identity.accessKeyID == fixture.credentials.access_key_id)
        #expect(identity.sessionToken == fixture.credentials.session_token)
        #expect(identity.scope.service == fixture.service)
        #expect(identity.signedHeaders.starts(with: ["content-type", "host", "x-amz-date"]))
        #expect(identity.signedHeaders.last == "x-amz-target")
        #expect(AMZDate.basic(identity.date) == fixture.amz_date)
    }

    @Test("botocore request: tampering and time", arguments: try BotocoreFixture.all())
    func refusals(_ fixture: BotocoreFixture) throws {
        let verifier = Self.verifier(fixture)
        let changedBody = fixture.signedRequest(body: fixture.request.body_utf8 + " ")
        #expect(TestRequests.failure(changedBody, now: fixture.date, verifier: verifier) == .signatureMismatch)
        let target = try #require(fixture.target)
        let changedTarget = fixture.signedRequest().replacingHeader("X-Amz-Target", with: target + "s")
        #expect(TestRequests.failure(changedTarget, now: fixture.date, verifier: verifier) == .signatureMismatch)
        #expect(TestRequests.failure(fixture.signedRequest(), now: fixture.date + 900, verifier: verifier) == nil)
        let late = TestRequests.failure(fixture.signedRequest(), now: fixture.date + 901, verifier: verifier)
        #expect(late?.message.hasPrefix("Signature expired: \(fixture.amz_date) is now earlier than") == true)
        let unknown = SigV4Verifier(region: "us-east-1", services: ["sagemaker", "logs"]) { _ in nil }
        #expect(
            TestRequests.failure(fixture.signedRequest(), now: fixture.date, verifier: unknown) == .unrecognizedClient)
    }

    /// botocore signs before its HTTP layer adds Content-Length and the amz-sdk-* headers; given the
    /// same headers, our signer produces the identical Authorization.
    @Test("signer matches botocore", arguments: try BotocoreFixture.all())
    func signerMatches(_ fixture: BotocoreFixture) throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: fixture.credentials.access_key_id,
                secretAccessKey: fixture.credentials.secret_access_key,
                sessionToken: fixture.credentials.session_token),
            region: fixture.region, service: fixture.service)
        let headers = fixture.wireHeaders.filter {
            ["x-amz-target", "content-type", "user-agent"].contains($0.0.lowercased())
        }
        let added = signer.signHeaders(
            method: fixture.request.method, url: try #require(URL(string: fixture.request.url)), headers: headers,
            payloadHash: .sha256Hex(fixture.request.body_sha256), date: fixture.date)
        let botocore = fixture.wireHeaders.filter {
            ["authorization", "x-amz-date", "x-amz-security-token"].contains($0.0.lowercased())
        }
        #expect(RawHTTPRequest.sorted(added) == RawHTTPRequest.sorted(botocore))
    }
}
