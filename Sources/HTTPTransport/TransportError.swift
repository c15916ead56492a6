/// Why a transfer failed. Compare `code` with the static members (`error.code == .timedOut`); new codes may be
/// added without breaking callers.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case connectFailed = "connect failed"
            case timedOut = "timed out"
            case connectionReset = "connection reset"
            case receiveFailed = "receive failed"
            case sendFailed = "send failed"
            case tls = "TLS failure"
            case resolveFailed = "name resolution failed"
            case cancelled = "cancelled"
            case responseTooLarge = "response too large"
            case fileIO = "file I/O failed"
            case partialBody = "partial body"
            case lineTooLong = "line too long"
            case queueFull = "request queue full"
            case shutDown = "transport shut down"
            case invalidRequest = "invalid request"
            case invalidConfiguration = "invalid configuration"
            case other = "transfer failed"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The TCP connection could not be established (refused, unreachable, connect timeout excluded).
        public static let connectFailed = Code(.connectFailed)
        /// A connect, total or stall timeout fired.
        public static let timedOut = Code(.timedOut)
        /// The peer reset or closed the connection before any response, or reset it mid-transfer.
        public static let connectionReset = Code(.connectionReset)
        /// Receiving failed for another reason (libcurl's `CURLE_RECV_ERROR`).
        public static let receiveFailed = Code(.receiveFailed)
        /// Sending failed for another reason (libcurl's `CURLE_SEND_ERROR`).
        public static let sendFailed = Code(.sendFailed)
        /// The TLS handshake or certificate verification failed, or a certificate or key was unusable.
        public static let tls = Code(.tls)
        /// The host (or proxy) name did not resolve.
        public static let resolveFailed = Code(.resolveFailed)
        /// The calling task was cancelled, or a stream was dropped.
        public static let cancelled = Code(.cancelled)
        /// The body exceeded a memory sink's limit (`limit`).
        public static let responseTooLarge = Code(.responseTooLarge)
        /// Reading the request body's file or writing the sink's file failed (`path`, `systemError`).
        public static let fileIO = Code(.fileIO)
        /// The connection closed before `Content-Length` bytes arrived (libcurl's `CURLE_PARTIAL_FILE`).
        public static let partialBody = Code(.partialBody)
        /// A streamed line exceeded its maximum length (`limit`).
        public static let lineTooLong = Code(.lineTooLong)
        /// `queueCapacity` requests were already waiting (`limit`).
        public static let queueFull = Code(.queueFull)
        /// The transport was shut down.
        public static let shutDown = Code(.shutDown)
        /// The request cannot be sent as given (a malformed header field, URL or option).
        public static let invalidRequest = Code(.invalidRequest)
        /// The transport's configuration is contradictory or unusable.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Any other libcurl failure (`curlCode`).
        public static let other = Code(.other)

        /// The code in words.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// Details: libcurl's error buffer when it had something to say, else its description of `curlCode`.
    public var message: String
    /// libcurl's `CURLcode`, when libcurl reported the failure.
    public var curlCode: Int?
    /// The file of a `.fileIO` failure.
    public var path: String?
    /// The `errno` of a `.fileIO` failure, or of the socket error behind a libcurl failure.
    public var systemError: Int32?
    /// The limit exceeded by `.responseTooLarge`, `.lineTooLong` or `.queueFull`.
    public var limit: Int?

    /// An error; mainly for tests of callers' retry policies.
    public init(
        code: Code, message: String = "", curlCode: Int? = nil, path: String? = nil, systemError: Int32? = nil,
        limit: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.curlCode = curlCode
        self.path = path
        self.systemError = systemError
        self.limit = limit
    }

    /// Whether trying again (with backoff) may succeed: resets, timeouts, partial bodies, connection and name
    /// resolution failures, a full queue. TLS and verification failures, cancellation, local file errors and
    /// invalid requests are not.
    public var isRetryable: Bool {
        switch code {
        case .connectFailed, .timedOut, .connectionReset, .receiveFailed, .sendFailed, .partialBody,
            .resolveFailed, .queueFull:
            true
        default:
            false
        }
    }

    /// The code, then whatever context there is.
    public var description: String {
        var text = code.description
        if let path { text += " (\(path))" }
        if !message.isEmpty { text += ": \(message)" }
        if let limit { text += " (limit \(limit))" }
        if let curlCode { text += " [curl \(curlCode)]" }
        return text
    }
}

extension TransportError {
    static let cancelled = TransportError(code: .cancelled, message: "the request was cancelled")
    static let shutDown = TransportError(code: .shutDown, message: "the transport was shut down")

    static func invalidConfiguration(_ message: String) -> TransportError {
        TransportError(code: .invalidConfiguration, message: message)
    }

    static func invalidRequest(_ message: String) -> TransportError {
        TransportError(code: .invalidRequest, message: message)
    }

    static func fileIO(path: String, systemError: Int32, message: String) -> TransportError {
        TransportError(code: .fileIO, message: message, path: path, systemError: systemError)
    }
}
