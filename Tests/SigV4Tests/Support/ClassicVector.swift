import Foundation
import SigV4
import Testing

/// One case of the classic AWS SigV4 test suite (`aws-sig-v4-test-suite/NAME/NAME.{req,creq,sts,authz,sreq}`).
struct ClassicVector: Sendable, CustomTestStringConvertible {
    static let directory = "aws-sig-v4-test-suite"
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"

    /// Cases whose upstream `.sreq` carries a signature different from the case's own `.authz`, while
    /// `.creq`, `.sts` and `.authz` agree with each other and with this implementation (the `.sreq` files
    /// were not regenerated upstream when those cases changed). Only their `.sreq` comparison is skipped:
    /// post-vanilla-query-nonunreserved (.sreq 88d3e39e…, .authz 66c82657…),
    /// post-vanilla-query-space (.sreq e71688ad…, .authz 62a5b456…).
    static let staleSignedRequests: Set<String> = ["post-vanilla-query-nonunreserved", "post-vanilla-query-space"]

    /// The case's path below the suite, e.g. `normalize-path/get-space`.
    var name: String
    var request: RawHTTPRequest
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String
    var signedRequest: RawHTTPRequest
    /// The session token of the `post-sts-token/*` cases.
    var sessionToken: String?

    var testDescription: String { name }

    /// The signing time, from the request's X-Amz-Date header.
    var date: Date { FixtureFiles.date(Self.iso8601(request.header("X-Amz-Date") ?? "")) }

    /// Every case of the suite (31).
    static func all() throws -> [ClassicVector] {
        var vectors: [ClassicVector] = []
        for entry in try FixtureFiles.subdirectories(directory) {
            let inner = try FixtureFiles.subdirectories("\(directory)/\(entry)")
            for name in inner.isEmpty ? [entry] : inner.map({ "\(entry)/\($0)" }) {
                vectors.append(try ClassicVector(name: name))
            }
        }
        return vectors
    }

    init(name: String) throws {
        self.name = name
        let base = "\(Self.directory)/\(name)/\(name.split(separator: "/").last ?? "")"
        request = RawHTTPRequest(parsing: try FixtureFiles.data(base + ".req"))
        canonicalRequest = try FixtureFiles.text(base + ".creq")
        stringToSign = try FixtureFiles.text(base + ".sts")
        authorization = try FixtureFiles.text(base + ".authz")
        signedRequest = RawHTTPRequest(parsing: try FixtureFiles.data(base + ".sreq"))
        if name.hasPrefix("post-sts-token/") {
            // The token printed in post-sts-token/readme.txt (the last line of that note).
            let note = try FixtureFiles.text("\(Self.directory)/post-sts-token/readme.txt")
            sessionToken = note.split(whereSeparator: \.isNewline).last.map(String.init)
        }
    }

    private static func iso8601(_ basic: String) -> String {
        let c = Array(basic)
        guard c.count == 16 else { return basic }
        return
            "\(String(c[0..<4]))-\(String(c[4..<6]))-\(String(c[6..<8]))T\(String(c[9..<11])):\(String(c[11..<13])):\(String(c[13..<15]))Z"
    }
}
