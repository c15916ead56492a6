/// Why an S3 operation failed, as the user needs to read it: S3's code, message, request ID and status, or what
/// went wrong on the way.
public enum S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// S3 answered with an error document (or a status without one).
    case service(S3ServiceError)
    /// The request did not get an answer: connection refused or reset, timeout, TLS failure.
    case transport(message: String, isRetryable: Bool)
    /// The data did not arrive intact: a length, ETag or checksum mismatch.
    case integrity(String)
    /// S3's answer could not be understood (malformed or hostile XML, a missing header).
    case invalidResponse(String)
    /// A local file could not be read or written.
    case fileSystem(path: String, message: String)
    /// A multipart upload failed (and was aborted).
    case multipart(MultipartUploadFailure)
    /// The operation was cancelled.
    case cancelled

    /// Whether trying the request again might succeed.
    public var isRetryable: Bool {
        switch self {
        case .service(let error): RetryPolicy.isRetryable(status: error.status, code: error.code)
        case .transport(_, let retryable): retryable
        case .integrity: true
        case .invalidResponse, .fileSystem, .multipart, .cancelled: false
        }
    }

    /// The S3 error code, when S3 gave one.
    public var code: String? {
        if case .service(let error) = self { return error.code }
        return nil
    }

    public var description: String {
        switch self {
        case .service(let error): error.description
        case .transport(let message, _): message
        case .integrity(let message): "integrity check failed: \(message)"
        case .invalidResponse(let message): "invalid response from S3: \(message)"
        case .fileSystem(let path, let message): "\(path): \(message)"
        case .multipart(let failure): failure.description
        case .cancelled: "cancelled"
        }
    }
}

/// An error S3 reported.
public struct S3ServiceError: Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// S3's error code (`NoSuchKey`, `SlowDown`, …), or `HTTP <status>` when the answer had no error document.
    public var code: String
    /// S3's message.
    public var message: String
    /// `x-amz-request-id` or the document's `RequestId`.
    public var requestID: String?
    /// The resource the error is about, when S3 says.
    public var resource: String?

    /// Creates an error description.
    public init(status: Int, code: String, message: String, requestID: String? = nil, resource: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.resource = resource
    }

    /// `NoSuchKey (404): The specified key does not exist. [request id ...]`.
    public var description: String {
        var text = "\(code) (HTTP \(status))"
        if !message.isEmpty { text += ": \(message)" }
        if let resource, !resource.isEmpty { text += " [resource \(resource)]" }
        if let requestID, !requestID.isEmpty { text += " [request id \(requestID)]" }
        return text
    }
}
