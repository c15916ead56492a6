/// Why a request body does not satisfy its operation's input shape.
public enum RequestValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A type mismatch; AWS answers SerializationException.
    case serialization(String)
    /// Constraint violations in document order; AWS answers ValidationException.
    case constraints([ConstraintViolation])

    /// The error message as AWS words it.
    public var message: String {
        switch self {
        case .serialization(let message):
            return message
        case .constraints(let violations):
            let count = violations.count
            let head = count == 1 ? "1 validation error detected: " : "\(count) validation errors detected: "
            return head + violations.map(\.description).joined(separator: "; ")
        }
    }

    /// The AWS error code: "SerializationException" or "ValidationException".
    public var errorCode: String {
        switch self {
        case .serialization: "SerializationException"
        case .constraints: "ValidationException"
        }
    }

    /// The message.
    public var description: String { message }
}
