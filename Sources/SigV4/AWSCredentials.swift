/// An AWS access key pair, optionally with the session token of temporary credentials.
///
/// `description`, `debugDescription` and `dump` never show the secret access key or the session token.
public struct AWSCredentials: Sendable {
    /// The access key ID (e.g. `AKIAIOSFODNN7EXAMPLE`); not a secret.
    public var accessKeyID: String
    /// The secret access key; never printed.
    public var secretAccessKey: String
    /// The session token of temporary (STS) credentials, sent as `X-Amz-Security-Token`; never printed.
    public var sessionToken: String?

    /// Creates credentials from an access key pair and an optional session token.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A redacted rendering: the access key ID only.
    public var description: String {
        let token = sessionToken == nil ? "nil" : "<redacted>"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(token))"
    }

    /// The same redacted rendering as `description`.
    public var debugDescription: String { description }

    /// A mirror without the secrets, so `dump` and debuggers do not show them either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
            ],
            displayStyle: .struct
        )
    }
}
