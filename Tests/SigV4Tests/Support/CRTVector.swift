import Foundation
import SigV4
import Testing

/// One case of the aws-c-auth SigV4 suite (`aws-c-auth-v4/NAME/`: context.json, request.txt and the
/// expected header-* and query-* results).
struct CRTVector: Sendable, CustomTestStringConvertible {
    static let directory = "aws-c-auth-v4"

    struct Context: Decodable, Sendable {
        struct Credentials: Decodable, Sendable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }

        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    /// The expected results of one signing mode (header or query).
    struct Expected: Sendable {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var signedRequest: RawHTTPRequest
    }

    var name: String
    var context: Context
    var request: RawHTTPRequest
    var header: Expected
    var query: Expected

    var testDescription: String { name }

    var date: Date { FixtureFiles.date(context.timestamp) }

    /// The rules the case asks for (double encoding always; these are generic-service vectors).
    var rules: SigningRules {
        SigningRules(
            normalizesPath: context.normalize, doubleEncodesPath: true,
            addsContentSHA256Header: context.sign_body, signsSecurityToken: !(context.omit_session_token ?? false))
    }

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service, rules: rules)
    }

    /// Every case of the suite (38).
    static func all() throws -> [CRTVector] {
        try FixtureFiles.subdirectories(directory).map { try CRTVector(name: $0) }
    }

    init(name: String) throws {
        self.name = name
        let base = "\(Self.directory)/\(name)/"
        context = try JSONDecoder().decode(Context.self, from: FixtureFiles.data(base + "context.json"))
        request = RawHTTPRequest(parsing: try FixtureFiles.data(base + "request.txt"))
        func expected(_ mode: String) throws -> Expected {
            Expected(
                canonicalRequest: try FixtureFiles.text(base + "\(mode)-canonical-request.txt"),
                stringToSign: try FixtureFiles.text(base + "\(mode)-string-to-sign.txt"),
                signature: try FixtureFiles.text(base + "\(mode)-signature.txt"),
                signedRequest: RawHTTPRequest(parsing: try FixtureFiles.data(base + "\(mode)-signed-request.txt")))
        }
        header = try expected("header")
        query = try expected("query")
    }
}
