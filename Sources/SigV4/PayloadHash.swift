import Foundation

/// The value of the last line of the canonical request: the body's SHA-256 or `UNSIGNED-PAYLOAD`.
public enum PayloadHash: Sendable, Hashable {
    /// The lower-case hex SHA-256 of the body, computed by the caller.
    case sha256Hex(String)
    /// The body is not signed (`UNSIGNED-PAYLOAD`): S3 and presigned URLs.
    case unsigned

    /// The hash of the given body bytes.
    public static func of(_ body: some ContiguousBytes) -> PayloadHash {
        .sha256Hex(SHA256.hexDigest(body))
    }

    /// The hash of an empty body.
    public static let emptyBody = PayloadHash.sha256Hex(SHA256.emptyHexDigest)

    /// The string that goes into the canonical request (and `X-Amz-Content-SHA256`).
    public var value: String {
        switch self {
        case .sha256Hex(let hex): hex
        case .unsigned: "UNSIGNED-PAYLOAD"
        }
    }
}
