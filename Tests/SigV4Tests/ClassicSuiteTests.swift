import Foundation
import Testing

@testable import SigV4

/// The classic AWS SigV4 test suite (31 cases), every stage, the signer end to end, and the verifier.
@Suite("AWS SigV4 test suite (classic)")
struct ClassicSuiteTests {
    @Test func suiteIsComplete() throws {
        #expect(try ClassicVector.all().count == 31)
    }

    @Test("canonical request", arguments: try ClassicVector.all())
    func canonicalRequest(_ vector: ClassicVector) {
        let request = vector.request
        let canonical = SigV4Signer.canonicalRequest(
            method: request.method, path: request.path, query: request.query,
            headers: request.headers, signedHeaders: request.headers.map { $0.0 },
            payloadHash: SHA256.hexDigest(request.body), rules: .standard)
        #expect(canonical == vector.canonicalRequest)
    }

    @Test("string to sign, signature, Authorization", arguments: try ClassicVector.all())
    func stringToSignAndSignature(_ vector: ClassicVector) {
        let scope = CredentialScope(date: vector.date, region: ClassicVector.region, service: ClassicVector.service)
        let stringToSign = SigV4Signer.stringToSign(
            canonicalRequest: vector.canonicalRequest, date: vector.date, scope: scope)
        #expect(stringToSign == vector.stringToSign)
        let key = SigV4Signer.signingKey(
            secretAccessKey: ClassicVector.secretAccessKey, date: vector.date,
            region: ClassicVector.region, service: ClassicVector.service)
        let signature = SigV4Signer.signature(signingKey: key, stringToSign: vector.stringToSign)
        let signedHeaders =
            vector.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().last.map { $0.split(separator: ";").map(String.init) } ?? []
        let authorization = SigV4Signer.authorizationHeader(
            accessKeyID: ClassicVector.accessKeyID, scope: scope, signedHeaders: signedHeaders, signature: signature)
        #expect(authorization == vector.authorization)
    }

    /// The signer adds X-Amz-Date (and the token) itself; the request minus those must sign to the suite's
    /// Authorization and, with the added headers, equal the suite's signed request.
    @Test("signer end to end", arguments: try ClassicVector.all())
    func signer(_ vector: ClassicVector) {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: ClassicVector.accessKeyID, secretAccessKey: ClassicVector.secretAccessKey,
                sessionToken: vector.sessionToken),
            region: ClassicVector.region, service: ClassicVector.service,
            rules: SigningRules(signsSecurityToken: vector.name != "post-sts-token/post-sts-header-after"))
        let request = vector.request
        let supplied = request.headers.filter { !["x-amz-date", "x-amz-security-token"].contains($0.0.lowercased()) }
        let details = signer.headerSigning(
            method: request.method, path: request.path, query: request.query,
            host: request.header("Host") ?? "", headers: supplied,
            payloadHash: .of(request.body), date: vector.date)
        #expect(details.canonicalRequest == vector.canonicalRequest)
        #expect(details.stringToSign == vector.stringToSign)
        #expect(details.addedHeaders.last?.1 == vector.authorization)

        if !ClassicVector.staleSignedRequests.contains(vector.name) {
            let signedHeaders = RawHTTPRequest.sorted(supplied + details.addedHeaders)
            #expect(signedHeaders == vector.signedRequest.sortedHeaders)
        }
    }

    /// The suite's request with its Authorization verifies at the signing time.
    @Test("verifier accepts", arguments: try ClassicVector.all())
    func verifier(_ vector: ClassicVector) throws {
        let verifier = SigV4Verifier(region: ClassicVector.region, services: [ClassicVector.service]) {
            $0 == ClassicVector.accessKeyID ? ClassicVector.secretAccessKey : nil
        }
        var headers = vector.request.headers
        if vector.name == "post-sts-token/post-sts-header-after", let token = vector.sessionToken {
            headers.append(("X-Amz-Security-Token", token))
        }
        headers.append(("Authorization", vector.authorization))
        let request = SignedRequest(
            method: vector.request.method, path: vector.request.path, query: vector.request.query,
            headers: headers, payloadHash: SHA256.hexDigest(vector.request.body))
        let identity = try verifier.verify(request, now: vector.date)
        #expect(identity.accessKeyID == ClassicVector.accessKeyID)
        #expect(identity.sessionToken == vector.sessionToken)
        #expect(identity.method == .authorizationHeader)
    }
}
