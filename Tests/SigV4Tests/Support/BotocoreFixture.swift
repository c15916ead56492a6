import Foundation
import SigV4
import Testing

/// A real request recorded from a botocore client (`botocore/NAME.json`, written by `botocore/generate.py`).
struct BotocoreFixture: Decodable, Sendable, CustomTestStringConvertible {
    static let directory = "botocore"

    struct Credentials: Decodable, Sendable {
        var access_key_id: String
        var secret_access_key: String
        var session_token: String?
    }

    struct Request: Decodable, Sendable {
        var method: String
        var url: String
        var host: String
        var path: String
        var query: String
        var headers: [[String]]
        var body_utf8: String
        var body_sha256: String
    }

    var name: String
    var credentials: Credentials
    var region: String
    var service: String
    var timestamp: String
    var amz_date: String
    var request: Request

    var testDescription: String { name }

    var date: Date { FixtureFiles.date(timestamp) }

    /// The headers botocore sent, plus the Host header its HTTP layer adds from the URL.
    var wireHeaders: [(String, String)] {
        request.headers.map { ($0[0], $0[1]) } + [("Host", request.host)]
    }

    /// The X-Amz-Target value, whose prefix names the service (`SageMaker.` / `Logs_20140328.`).
    var target: String? {
        request.headers.first { $0[0].lowercased() == "x-amz-target" }?[1]
    }

    /// The request as the server hands it to the verifier.
    func signedRequest(headers: [(String, String)]? = nil, body: String? = nil) -> SignedRequest {
        SignedRequest(
            method: request.method, path: request.path, query: request.query,
            headers: headers ?? wireHeaders,
            payloadHash: SHA256.hexDigest(utf8: body ?? request.body_utf8),
            service: service)
    }

    /// Every recorded request (3).
    static func all() throws -> [BotocoreFixture] {
        try FixtureFiles.files(directory, extension: "json").map {
            try JSONDecoder().decode(BotocoreFixture.self, from: FixtureFiles.data("\(directory)/\($0)"))
        }
    }
}
