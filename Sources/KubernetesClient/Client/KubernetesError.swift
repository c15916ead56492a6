import HTTPTransport

/// Why a Kubernetes request failed: the API server's `Status`, a transport failure, or an answer that could not
/// be understood. Compare `code` with the static members and `reason` with `StatusReason`'s.
public struct KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case status, transport, invalidResponse, invalidRequest, cancelled }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The API server answered with an error status (`status` says which).
        public static let status = Code(.status)
        /// There was no answer (`transportError` says why).
        public static let transport = Code(.transport)
        /// The answer could not be understood (not JSON, not the expected shape).
        public static let invalidResponse = Code(.invalidResponse)
        /// The request cannot be made as asked (a namespaced object without a namespace).
        public static let invalidRequest = Code(.invalidRequest)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)

        /// The code in words.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The API server's status, for `.status`.
    public var status: KubernetesStatus?
    /// The transport's error, for `.transport`.
    public var transportError: TransportError?
    /// What went wrong, for the other codes.
    public var message: String

    /// An error.
    public init(
        code: Code, status: KubernetesStatus? = nil, transportError: TransportError? = nil, message: String = ""
    ) {
        self.code = code
        self.status = status
        self.transportError = transportError
        self.message = message
    }

    /// An error for a status the API server returned.
    public static func status(_ status: KubernetesStatus) -> KubernetesError {
        KubernetesError(code: .status, status: status, message: status.message)
    }

    /// An error for a transport failure (`.cancelled` for a cancelled transfer).
    public static func transport(_ error: TransportError) -> KubernetesError {
        if error.code == .cancelled { return KubernetesError(code: .cancelled, message: "cancelled") }
        return KubernetesError(code: .transport, transportError: error, message: error.description)
    }

    /// An error for an answer that could not be understood.
    public static func invalidResponse(_ message: String) -> KubernetesError {
        KubernetesError(code: .invalidResponse, message: message)
    }

    /// The status's reason, for `.status`.
    public var reason: StatusReason? { status?.reason }

    /// The HTTP status code, for `.status`.
    public var httpStatus: Int? { status?.code }

    /// Whether the resourceVersion is too old (410 `Gone` or `Expired`): a watch or paged list must start over.
    public var isResourceVersionExpired: Bool {
        status?.code == 410 || reason == .gone || reason == .expired
    }

    /// Whether trying again later may succeed: transport failures that are retryable, 429, 5xx and timeouts.
    public var isRetryable: Bool {
        switch code {
        case .transport: return transportError?.isRetryable ?? false
        case .status:
            guard let status else { return false }
            return status.code == 429 || status.code >= 500 || status.reason == .serverTimeout
                || status.reason == .timeout
        default: return false
        }
    }

    /// The status, or the failure, in words.
    public var description: String {
        switch code {
        case .status: status?.description ?? message
        case .transport: "transport: \(message)"
        case .invalidResponse: "invalid response: \(message)"
        case .invalidRequest: "invalid request: \(message)"
        default: message
        }
    }

    /// Errors are equal when their code, status and message are (and their transport errors' codes).
    public static func == (lhs: KubernetesError, rhs: KubernetesError) -> Bool {
        lhs.code == rhs.code && lhs.status == rhs.status && lhs.message == rhs.message
            && lhs.transportError?.code == rhs.transportError?.code
    }
}
