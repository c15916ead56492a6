/// The machine-readable reason of a Kubernetes `Status` (`NotFound`, `AlreadyExists`, ...). Unknown reasons
/// keep their text.
public struct StatusReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The reason as the API server spells it.
    public let rawValue: String

    /// A reason.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// 400: the request is malformed.
    public static let badRequest = StatusReason(rawValue: "BadRequest")
    /// 401: no or invalid credentials.
    public static let unauthorized = StatusReason(rawValue: "Unauthorized")
    /// 403: the credentials do not allow the request.
    public static let forbidden = StatusReason(rawValue: "Forbidden")
    /// 404: the object (or its namespace) does not exist.
    public static let notFound = StatusReason(rawValue: "NotFound")
    /// 405: the verb is not supported by the resource.
    public static let methodNotAllowed = StatusReason(rawValue: "MethodNotAllowed")
    /// 409: an object of that name exists already.
    public static let alreadyExists = StatusReason(rawValue: "AlreadyExists")
    /// 409: a write lost a race (its resourceVersion or precondition is stale).
    public static let conflict = StatusReason(rawValue: "Conflict")
    /// 410: the requested resourceVersion is too old (a watch must re-list).
    public static let gone = StatusReason(rawValue: "Gone")
    /// 410: the resourceVersion or continue token has expired (a watch must re-list).
    public static let expired = StatusReason(rawValue: "Expired")
    /// 415: the patch type is not supported for the resource.
    public static let unsupportedMediaType = StatusReason(rawValue: "UnsupportedMediaType")
    /// 422: the object failed validation; `details.causes` says which fields.
    public static let invalid = StatusReason(rawValue: "Invalid")
    /// 429: too many requests; retry after `details.retryAfterSeconds`.
    public static let tooManyRequests = StatusReason(rawValue: "TooManyRequests")
    /// 500: the server failed.
    public static let internalError = StatusReason(rawValue: "InternalError")
    /// 503: the server (or a dependency) is unavailable.
    public static let serviceUnavailable = StatusReason(rawValue: "ServiceUnavailable")
    /// 504: the server timed out before completing the request.
    public static let timeout = StatusReason(rawValue: "Timeout")
    /// 500: the server could not complete the request in time and asks for a retry.
    public static let serverTimeout = StatusReason(rawValue: "ServerTimeout")
    /// No reason was given.
    public static let unknown = StatusReason(rawValue: "")

    /// The reason client-go infers from a bare HTTP status code when the body is not a `Status`.
    public static func inferred(fromHTTPStatus code: Int) -> StatusReason {
        switch code {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 410: .gone
        case 415: .unsupportedMediaType
        case 422: .invalid
        case 429: .tooManyRequests
        case 500: .internalError
        case 503: .serviceUnavailable
        case 504: .timeout
        default: .unknown
        }
    }

    /// The reason's text.
    public var description: String { rawValue }
}
