import Foundation
import SigV4
import Testing

/// One S3 vector generated with botocore (`sigv4-s3/NAME.json`; its README describes every field).
struct S3Vector: Decodable, Sendable, CustomTestStringConvertible {
    static let directory = "sigv4-s3"

    struct Credentials: Decodable, Sendable {
        var access_key_id: String
        var secret_access_key: String
        var session_token: String?
    }

    struct Request: Decodable, Sendable {
        var method: String
        var headers: [String: String]
        var body_sha256: String
        var url: String
    }

    struct WireRequest: Decodable, Sendable {
        var method: String
        var url: String
        var headers: [String: String]
    }

    var name: String
    var auth_mode: String
    var credentials: Credentials
    var region: String
    var service: String
    var timestamp: String
    var request: Request
    var canonical_request: String
    var string_to_sign: String
    var signing_key_hex: String
    var signature: String
    var payload_hash: String
    var authorization: String?
    var presigned_url: String?
    var expires_seconds: Int?
    var signed_request: WireRequest
    var aws_documented_signature: String?

    var testDescription: String { name }

    var date: Date { FixtureFiles.date(timestamp) }

    var url: URL {
        guard let url = URL(string: request.url) else { fatalError("bad URL in \(name)") }
        return url
    }

    var payloadHash: PayloadHash {
        payload_hash == "UNSIGNED-PAYLOAD" ? .unsigned : .sha256Hex(payload_hash)
    }

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: credentials.access_key_id, secretAccessKey: credentials.secret_access_key,
                sessionToken: credentials.session_token),
            region: region, service: service)
    }

    /// The caller's headers, sorted by name (the JSON object has no order; no name repeats).
    var headers: [(String, String)] {
        request.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Every vector (25).
    static func all() throws -> [S3Vector] {
        try FixtureFiles.files(directory, extension: "json").map {
            try JSONDecoder().decode(S3Vector.self, from: FixtureFiles.data("\(directory)/\($0)"))
        }
    }
}
