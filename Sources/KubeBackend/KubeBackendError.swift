/// An error of the Kubernetes backend's planning: a job the cluster cannot run as asked, a bad instance-type
/// table, or a stored record that cannot be read.
///
/// A struct around a private code, so new codes break no caller. ``isValidation`` tells the API layer to answer
/// with SageMaker's `ValidationException` and ``message`` as it is.
public struct KubeBackendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unknownInstanceType, tooManyHosts, invalidInstanceTable, invalidRecord, missingOwner
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// `ResourceConfig.InstanceType` is not in the instance-type table.
        public static let unknownInstanceType = Code(.unknownInstanceType)
        /// `ResourceConfig.InstanceCount` is above what host names can number.
        public static let tooManyHosts = Code(.tooManyHosts)
        /// An instance-type table (JSON) is malformed.
        public static let invalidInstanceTable = Code(.invalidInstanceTable)
        /// A training job's record in the cluster cannot be decoded.
        public static let invalidRecord = Code(.invalidRecord)
        /// Owner references were asked for with a root object that has no UID (not created yet).
        public static let missingOwner = Code(.missingOwner)

        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// The code.
    public var code: Code
    /// A message for people; for validation errors, the `ValidationException` message.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the request itself is at fault: the API layer answers `ValidationException` with ``message``.
    public var isValidation: Bool { code == .unknownInstanceType || code == .tooManyHosts }

    /// The code and message.
    public var description: String { "\(code): \(message)" }
}
