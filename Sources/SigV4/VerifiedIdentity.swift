import Foundation

/// Who signed a request that verified, and how.
public struct VerifiedIdentity: Sendable, Hashable, CustomStringConvertible {
    /// How the request carried its signature.
    public enum Method: Sendable, Hashable {
        /// The `Authorization` header.
        case authorizationHeader
        /// Query parameters (a presigned URL), with its `X-Amz-Expires` if it had one.
        case queryString(expires: Int?)
    }

    /// The access key ID that signed.
    public var accessKeyID: String
    /// The `X-Amz-Security-Token` sent with the request, not validated here; never printed.
    public var sessionToken: String?
    /// The credential scope of the signature.
    public var scope: CredentialScope
    /// The signed header names, lower-case and sorted.
    public var signedHeaders: [String]
    /// The signing time (`X-Amz-Date` or `Date`).
    public var date: Date
    /// Header or query authentication.
    public var method: Method

    /// Creates an identity.
    public init(
        accessKeyID: String, sessionToken: String?, scope: CredentialScope,
        signedHeaders: [String], date: Date, method: Method
    ) {
        self.accessKeyID = accessKeyID
        self.sessionToken = sessionToken
        self.scope = scope
        self.signedHeaders = signedHeaders
        self.date = date
        self.method = method
    }

    /// The access key and scope; the session token is redacted.
    public var description: String {
        let token = sessionToken == nil ? "nil" : "<redacted>"
        return "VerifiedIdentity(accessKeyID: \(accessKeyID), scope: \(scope), sessionToken: \(token))"
    }
}
