import Foundation
import Testing

@testable import SigV4

/// The aws-c-auth SigV4 suite (38 cases): header and query signing, every stage, and the verifier.
@Suite("AWS SigV4 test suite (aws-c-auth)")
struct CRTSuiteTests {
    @Test func suiteIsComplete() throws {
        let vectors = try CRTVector.all()
        #expect(vectors.count == 38)
        #expect(vectors.filter { !$0.context.normalize }.count == 7)
    }

    @Test("header signing", arguments: try CRTVector.all())
    func headerSigning(_ vector: CRTVector) {
        let request = vector.request
        let details = vector.signer.headerSigning(
            method: request.method, path: request.path, query: request.query,
            host: request.header("Host") ?? "", headers: request.headers,
            payloadHash: .of(request.body), date: vector.date)
        #expect(details.canonicalRequest == vector.header.canonicalRequest)
        #expect(details.stringToSign == vector.header.stringToSign)
        #expect(details.signature == vector.header.signature)
        #expect(
            RawHTTPRequest.sorted(request.headers + details.addedHeaders) == vector.header.signedRequest.sortedHeaders)
    }

    @Test("public stages reproduce the header canonical request", arguments: try CRTVector.all())
    func headerStages(_ vector: CRTVector) {
        let expected = vector.header.canonicalRequest
        let lines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let signedHeaders = lines[lines.count - 2].split(separator: ";").map(String.init)
        // The headers the signer adds, with the values the expected canonical request shows.
        let added = lines.filter { $0.hasPrefix("x-amz-") }.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        let canonical = SigV4Signer.canonicalRequest(
            method: vector.request.method, path: vector.request.path, query: vector.request.query,
            headers: vector.request.headers + added, signedHeaders: signedHeaders,
            payloadHash: lines[lines.count - 1], rules: vector.rules)
        #expect(canonical == expected)
    }

    @Test("query signing (presigned)", arguments: try CRTVector.all())
    func querySigning(_ vector: CRTVector) {
        let request = vector.request
        let details = vector.signer.querySigning(
            method: request.method, path: request.path, query: request.query,
            host: request.header("Host") ?? "", headers: request.headers,
            payloadHash: .of(request.body), expires: vector.context.expiration_in_seconds, date: vector.date)
        #expect(details.canonicalRequest == vector.query.canonicalRequest)
        #expect(details.stringToSign == vector.query.stringToSign)
        #expect(details.signature == vector.query.signature)
        let signed = vector.query.signedRequest
        #expect(signed.path == request.path)
        #expect(Self.parameters(details.query) == Self.parameters(signed.query))
        #expect(signed.sortedHeaders == request.sortedHeaders)
    }

    /// The suite's header-signed requests verify. The verifier applies the standard (normalising) rules to
    /// every non-S3 service, as AWS does, so the `*-unnormalized` cases (normalize: false, a mode only S3
    /// uses) whose path normalisation changes are expected to fail with a signature mismatch instead.
    @Test("verifier on header-signed requests", arguments: try CRTVector.all())
    func verifier(_ vector: CRTVector) {
        let verifier = SigV4Verifier(region: vector.context.region, services: [vector.context.service]) {
            $0 == vector.context.credentials.access_key_id ? vector.context.credentials.secret_access_key : nil
        }
        let signed = vector.header.signedRequest
        let request = SignedRequest(
            method: signed.method, path: signed.path, query: signed.query, headers: signed.headers,
            payloadHash: SHA256.hexDigest(vector.request.body))
        let pathNormalises = URIEncoding.removeDotSegments(signed.path) != signed.path
        let result = Result { () throws(SigV4VerificationError) in try verifier.verify(request, now: vector.date) }
        if vector.context.normalize || !pathNormalises {
            #expect(throws: Never.self) { try result.get() }
            #expect((try? result.get())?.sessionToken == vector.context.credentials.token)
        } else {
            #expect(result.failure?.message == SigV4VerificationError.signatureMismatch.message)
        }
    }

    /// The suite's presigned requests verify too (their payload is the body's hash). Skipped besides the
    /// unnormalised cases: post-sts-header-after, whose X-Amz-Security-Token was added after signing; the
    /// verifier, like AWS's JSON services, takes a query token as signed.
    @Test(
        "verifier on presigned requests",
        arguments: try CRTVector.all().filter { $0.context.normalize && $0.context.omit_session_token != true })
    func presignedVerifier(_ vector: CRTVector) throws {
        let verifier = SigV4Verifier(region: vector.context.region, services: [vector.context.service]) {
            $0 == vector.context.credentials.access_key_id ? vector.context.credentials.secret_access_key : nil
        }
        let signed = vector.query.signedRequest
        let request = SignedRequest(
            method: signed.method, path: signed.path, query: signed.query, headers: signed.headers,
            payloadHash: SHA256.hexDigest(vector.request.body))
        let identity = try verifier.verify(request, now: vector.date.addingTimeInterval(60))
        #expect(identity.method == .queryString(expires: vector.context.expiration_in_seconds))
    }

    /// Decoded query parameters, sorted, for order-independent comparison.
    static func parameters(_ query: String) -> [[String]] {
        SigV4Signer.queryItems(query)
            .map { [String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)] }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }
}

extension Result {
    /// The error of a failed result.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
