/// Why a request's SigV4 signature was refused, as AWS JSON services report it:
/// the server answers `httpStatus` with `{"__type": code, "message": message}`.
public struct SigV4VerificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure, which fixes the AWS error code and HTTP status.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case missingAuthenticationToken, incompleteSignature, unrecognizedClient, invalidSignature
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// Neither an `Authorization` header nor query authentication (HTTP 403).
        public static let missingAuthenticationToken = Kind(.missingAuthenticationToken)
        /// The authentication is malformed or lacks a part (HTTP 400).
        public static let incompleteSignature = Kind(.incompleteSignature)
        /// The access key ID is not known (HTTP 400).
        public static let unrecognizedClient = Kind(.unrecognizedClient)
        /// The signature, its scope or its time is wrong (HTTP 400).
        public static let invalidSignature = Kind(.invalidSignature)

        /// The AWS error code (`__type`), e.g. `InvalidSignatureException`.
        public var code: String {
            switch base {
            case .missingAuthenticationToken: "MissingAuthenticationTokenException"
            case .incompleteSignature: "IncompleteSignatureException"
            case .unrecognizedClient: "UnrecognizedClientException"
            case .invalidSignature: "InvalidSignatureException"
            }
        }

        /// The HTTP status AWS answers with.
        public var httpStatus: Int {
            base == .missingAuthenticationToken ? 403 : 400
        }

        /// The AWS error code.
        public var description: String { code }
    }

    /// The class of failure.
    public let kind: Kind
    /// The AWS-style message; it never contains a secret.
    public let message: String

    /// Creates an error of a kind with a message.
    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The AWS error code (`__type`).
    public var code: String { kind.code }
    /// The HTTP status to answer with.
    public var httpStatus: Int { kind.httpStatus }
    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

extension SigV4VerificationError {
    static let missingAuthenticationToken = SigV4VerificationError(
        .missingAuthenticationToken, message: "Missing Authentication Token")

    static let unrecognizedClient = SigV4VerificationError(
        .unrecognizedClient, message: "The security token included in the request is invalid.")

    static let signatureMismatch = SigV4VerificationError(
        .invalidSignature,
        message: "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

    static let hostNotSigned = SigV4VerificationError(
        .invalidSignature, message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")

    static let bothAuthenticationMethods = SigV4VerificationError(
        .invalidSignature,
        message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")

    static func incomplete(_ message: String) -> SigV4VerificationError {
        SigV4VerificationError(.incompleteSignature, message: message)
    }

    static func invalid(_ message: String) -> SigV4VerificationError {
        SigV4VerificationError(.invalidSignature, message: message)
    }
}
