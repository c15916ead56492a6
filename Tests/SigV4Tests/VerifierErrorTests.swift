import Foundation
import Testing

@testable import SigV4

/// Each refusal carries AWS's code, message and HTTP status.
@Suite("SigV4Verifier: errors as AWS reports them")
struct VerifierErrorTests {
    static let request = TestRequests.describeTrainingJob()

    static func authorization(_ value: String) -> SignedRequest {
        request.replacingHeader("Authorization", with: value)
    }

    static var credential: String {
        "AKIDSAGETRAINTEST/20240102/us-east-1/sagemaker/aws4_request"
    }

    @Test func missingAuthentication() throws {
        let error = try #require(TestRequests.failure(Self.request.replacingHeader("Authorization", with: nil)))
        #expect(error.code == "MissingAuthenticationTokenException")
        #expect(error.message == "Missing Authentication Token")
        #expect(error.httpStatus == 403)
        #expect(error.kind == .missingAuthenticationToken)
        // A blank header is no header.
        #expect(TestRequests.failure(Self.authorization("  ")) == error)
    }

    @Test func unknownAccessKey() throws {
        let other = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x"),
            region: "us-east-1", service: "sagemaker")
        let error = try #require(TestRequests.failure(TestRequests.describeTrainingJob(signer: other)))
        #expect(error.code == "UnrecognizedClientException")
        #expect(error.message == "The security token included in the request is invalid.")
        #expect(error.httpStatus == 400)
    }

    @Test func signatureExpired() throws {
        let now = FixtureFiles.date("2024-01-02T03:45:00Z")
        let error = try #require(TestRequests.failure(Self.request, now: now))
        #expect(error.code == "InvalidSignatureException")
        #expect(
            error.message
                == "Signature expired: 20240102T030405Z is now earlier than 20240102T033000Z (20240102T034500Z - 15 min.)"
        )
    }

    @Test func signatureNotYetCurrent() throws {
        let now = FixtureFiles.date("2024-01-02T02:40:00Z")
        let error = try #require(TestRequests.failure(Self.request, now: now))
        #expect(error.code == "InvalidSignatureException")
        #expect(
            error.message
                == "Signature not yet current: 20240102T030405Z is still later than 20240102T025500Z (20240102T024000Z + 15 min.)"
        )
    }

    @Test func skewBoundariesAreInclusive() {
        let signedAt = TestRequests.signedAt
        #expect(TestRequests.failure(Self.request, now: signedAt.addingTimeInterval(900.9)) == nil)
        #expect(TestRequests.failure(Self.request, now: signedAt.addingTimeInterval(-900)) == nil)
        #expect(TestRequests.failure(Self.request, now: signedAt.addingTimeInterval(901))?.kind == .invalidSignature)
        #expect(TestRequests.failure(Self.request, now: signedAt.addingTimeInterval(-901))?.kind == .invalidSignature)
    }

    @Test func configurableSkew() throws {
        let verifier = SigV4Verifier(region: nil, services: ["sagemaker"], maximumClockSkew: .seconds(90)) { _ in "x" }
        let error = try #require(
            TestRequests.failure(Self.request, now: TestRequests.signedAt + 91, verifier: verifier))
        #expect(
            error.message
                == "Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T030536Z - 90 sec.)"
        )
    }

    @Test func wrongService() throws {
        let error = try #require(
            TestRequests.failure(TestRequests.describeTrainingJob(signer: TestRequests.signer(service: "s3"))))
        #expect(error.code == "InvalidSignatureException")
        #expect(error.message == "Credential should be scoped to correct service: 'sagemaker'. ")
        // A Logs-scoped signature on a SageMaker target is refused too.
        let logs = TestRequests.describeTrainingJob(signer: TestRequests.signer(service: "logs"))
        #expect(TestRequests.failure(logs)?.message == "Credential should be scoped to correct service: 'sagemaker'. ")
    }

    @Test func wrongRegion() throws {
        let error = try #require(
            TestRequests.failure(TestRequests.describeTrainingJob(signer: TestRequests.signer(region: "eu-west-1"))))
        #expect(error.code == "InvalidSignatureException")
        #expect(error.message == "Credential should be scoped to a valid region. ")
    }

    @Test func scopeErrorsAccumulate() throws {
        let value =
            "AWS4-HMAC-SHA256 Credential=AKIDSAGETRAINTEST/20240103/eu-west-1/ec2/aws4_requesT, SignedHeaders=host;x-amz-date, Signature=00"
        let error = try #require(TestRequests.failure(Self.authorization(value)))
        #expect(error.code == "InvalidSignatureException")
        #expect(
            error.message == "Credential should be scoped to a valid region. "
                + "Credential should be scoped to correct service: 'sagemaker'. "
                + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requesT'. "
                + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20240103' != '20240102', from '20240102T030405Z'. ")
    }

    @Test func missingDate() throws {
        let authorization = try #require(Self.request.header("Authorization"))
        let error = try #require(TestRequests.failure(Self.request.replacingHeader("X-Amz-Date", with: nil)))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message
                == "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(authorization)"
        )
    }

    @Test func malformedDate() throws {
        let error = try #require(
            TestRequests.failure(Self.request.replacingHeader("X-Amz-Date", with: "2024-01-02T03:04:05Z")))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message
                == "Date must be in ISO-8601 'basic format'. Got '2024-01-02T03:04:05Z'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
        #expect(
            TestRequests.failure(Self.request.replacingHeader("X-Amz-Date", with: "20240230T030405Z"))?.kind
                == .incompleteSignature)
    }

    @Test func missingParameters() throws {
        let noSignature = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date"
        #expect(
            TestRequests.failure(Self.authorization(noSignature))
                == SigV4VerificationError(
                    .incompleteSignature,
                    message: "Authorization header requires 'Signature' parameter. Authorization=\(noSignature)"))
        let error = try #require(
            TestRequests.failure(Self.authorization("AWS4-HMAC-SHA256").replacingHeader("X-Amz-Date", with: nil)))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message == "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=AWS4-HMAC-SHA256")
    }

    @Test func notAKeyValuePair() throws {
        let error = try #require(TestRequests.failure(Self.authorization("Bearer abc")))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message
                == "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'.")
    }

    @Test func unsupportedAlgorithm() throws {
        let value = "AWS4-HMAC-SHA512 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=00"
        let error = try #require(TestRequests.failure(Self.authorization(value)))
        #expect(error.code == "IncompleteSignatureException")
        #expect(error.message == "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ")
    }

    @Test func badCredentialScopeFormat() throws {
        let value =
            "AWS4-HMAC-SHA256 Credential=AKIDSAGETRAINTEST/20240102/us-east-1, SignedHeaders=host;x-amz-date, Signature=00"
        let error = try #require(TestRequests.failure(Self.authorization(value)))
        #expect(error.code == "IncompleteSignatureException")
        #expect(
            error.message
                == "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDSAGETRAINTEST/20240102/us-east-1'"
        )
    }

    @Test func hostMustBeSigned() throws {
        let value = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=x-amz-date, Signature=00"
        let error = try #require(TestRequests.failure(Self.authorization(value)))
        #expect(error.code == "InvalidSignatureException")
        #expect(error.message == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }

    @Test func headerAndQueryTogether() throws {
        var request = Self.request
        request.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        let error = try #require(TestRequests.failure(request))
        #expect(error.code == "InvalidSignatureException")
        #expect(
            error.message == "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")
    }

    @Test func descriptionHasCodeAndMessage() {
        #expect(
            SigV4VerificationError.unrecognizedClient.description
                == "UnrecognizedClientException: The security token included in the request is invalid.")
    }
}
