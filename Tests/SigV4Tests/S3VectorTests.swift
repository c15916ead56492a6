import Foundation
import Testing

@testable import SigV4

/// S3 vectors generated with botocore (25): no path normalisation, single encoding, UNSIGNED-PAYLOAD,
/// X-Amz-Content-SHA256, presigned URLs; five reproduce signatures printed in the S3 API Reference.
@Suite("S3 SigV4 vectors")
struct S3VectorTests {
    @Test func vectorsAreComplete() throws {
        let vectors = try S3Vector.all()
        #expect(vectors.count == 25)
        #expect(vectors.filter { $0.auth_mode == "query" }.count == 5)
        for vector in vectors {
            if let documented = vector.aws_documented_signature {
                #expect(vector.signature == documented, "\(vector.name)")
            }
        }
    }

    @Test("stages", arguments: try S3Vector.all())
    func stages(_ vector: S3Vector) {
        let key = SigV4Signer.signingKey(
            secretAccessKey: vector.credentials.secret_access_key, date: vector.date,
            region: vector.region, service: vector.service)
        #expect(Hex.encode(key) == vector.signing_key_hex)
        let scope = CredentialScope(date: vector.date, region: vector.region, service: vector.service)
        #expect(
            SigV4Signer.stringToSign(canonicalRequest: vector.canonical_request, date: vector.date, scope: scope)
                == vector.string_to_sign)
        #expect(SigV4Signer.signature(signingKey: key, stringToSign: vector.string_to_sign) == vector.signature)
        #expect(vector.signer.rules == .s3)
    }

    @Test("header signing", arguments: try S3Vector.all().filter { $0.auth_mode == "header" })
    func headerSigning(_ vector: S3Vector) {
        let parts = URLParts(vector.url)
        let details = vector.signer.headerSigning(
            method: vector.request.method, path: parts.path, query: parts.query, host: parts.host,
            headers: vector.headers, payloadHash: vector.payloadHash, date: vector.date)
        #expect(details.canonicalRequest == vector.canonical_request)
        #expect(details.stringToSign == vector.string_to_sign)

        let added = vector.signer.signHeaders(
            method: vector.request.method, url: vector.url, headers: vector.headers,
            payloadHash: vector.payloadHash, date: vector.date)
        #expect(added.last?.0 == "Authorization")
        #expect(added.last?.1 == vector.authorization)
        let wire = RawHTTPRequest.sorted(
            [("Host", parts.host)] + vector.headers.filter { $0.0.lowercased() != "x-amz-date" } + added)
        #expect(wire == RawHTTPRequest.sorted(vector.signed_request.headers.map { ($0.key, $0.value) }))
    }

    @Test("presigned URL", arguments: try S3Vector.all().filter { $0.auth_mode == "query" })
    func presignedURL(_ vector: S3Vector) throws {
        let expires = try #require(vector.expires_seconds)
        let url = vector.signer.presignedURL(
            method: vector.request.method, url: vector.url, expires: expires, date: vector.date)
        #expect(url.absoluteString == vector.presigned_url)
        let parts = URLParts(vector.url)
        let details = vector.signer.querySigning(
            method: vector.request.method, path: parts.path, query: parts.query, host: parts.host,
            headers: [], payloadHash: .unsigned, expires: expires, date: vector.date)
        #expect(details.canonicalRequest == vector.canonical_request)
    }

    /// The verifier, configured for `s3`, accepts the presigned URLs and the header-signed requests whose
    /// payload hash is the body's (an UNSIGNED-PAYLOAD header request needs S3's own payload handling,
    /// which this verifier, made for JSON services, does not do).
    @Test(
        "verifier",
        arguments: try S3Vector.all().filter { $0.payload_hash != "UNSIGNED-PAYLOAD" || $0.auth_mode == "query" })
    func verifier(_ vector: S3Vector) throws {
        let verifier = SigV4Verifier(region: "us-east-1", services: ["s3"]) {
            $0 == vector.credentials.access_key_id ? vector.credentials.secret_access_key : nil
        }
        let url = try #require(URL(string: vector.signed_request.url))
        let parts = URLParts(url)
        let request = SignedRequest(
            method: vector.signed_request.method, path: parts.path, query: parts.query,
            headers: vector.signed_request.headers.map { ($0.key, $0.value) },
            payloadHash: vector.request.body_sha256)
        let identity = try verifier.verify(request, now: vector.date)
        #expect(identity.scope.service == "s3")
        #expect(identity.sessionToken == vector.credentials.session_token)
    }
}
