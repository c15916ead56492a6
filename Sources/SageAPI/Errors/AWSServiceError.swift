import HTTPTypes
import Hummingbird
import NIOCore
import ServiceModel

/// An error in the AWS JSON protocol's format: `{"__type": code, "message": message}` with an HTTP status.
///
/// Domain errors are these; anything else that escapes a handler becomes ``internalFailure`` and is logged, so no
/// internal detail reaches a client.
public struct AWSServiceError: Error, HTTPResponseError, Equatable {
    /// The error code, rendered as `__type`.
    public let code: String
    /// The human-readable message.
    public let message: String
    /// The HTTP status.
    public let status: HTTPResponse.Status

    /// Creates an error.
    public init(code: String, message: String, status: HTTPResponse.Status = .badRequest) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The response body.
    var body: JSONValue { .object(["__type": .string(code), "message": .string(message)]) }

    /// Renders the error as an AWS JSON 1.1 response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        AWSJSONResponse.make(status: status, body: body)
    }
}

extension AWSServiceError {
    /// `ValidationException` with `message`.
    public static func validation(_ message: String) -> Self { .init(code: "ValidationException", message: message) }

    /// What SageMaker answers for a training job that does not exist.
    public static let resourceNotFound = validation("Requested resource not found.")

    /// `ResourceInUse`, as for a duplicate training job name.
    public static func resourceInUse(_ message: String) -> Self { .init(code: "ResourceInUse", message: message) }

    /// `ResourceLimitExceeded`.
    public static func resourceLimitExceeded(_ message: String) -> Self {
        .init(code: "ResourceLimitExceeded", message: message)
    }

    /// `SerializationException`: the body is not valid JSON or does not match the shapes' types.
    public static func serialization(_ message: String) -> Self {
        .init(code: "SerializationException", message: message)
    }

    /// `UnknownOperationException`: the target names no operation this service has.
    public static let unknownOperation = Self(code: "UnknownOperationException", message: "")

    /// `InternalFailure`: an unexpected error; details go to the log only.
    public static let internalFailure = Self(
        code: "InternalFailure", message: "We encountered an internal error. Please try again.",
        status: .internalServerError)

    /// The error for a request that failed the service model's validation.
    public static func invalidRequest(
        _ error: RequestValidationError, validationCode: String = "ValidationException"
    )
        -> Self
    {
        switch error {
        case .serialization(let message): .serialization(message)
        case .constraints: .init(code: validationCode, message: error.message)
        }
    }
}
