import S3Client

/// Why the job's runtime could not stage inputs, sync checkpoints or upload outputs; the message becomes the
/// job's FailureReason, so it says what to fix.
public enum StagingError: Error, Sendable, CustomStringConvertible {
    /// A channel's URI is neither `s3://` nor `file://`.
    case unsupportedURI(channel: String, uri: String)
    /// A `file://` source does not exist.
    case missingLocalSource(channel: String, path: String)
    /// An S3 prefix holds no objects.
    case emptyPrefix(channel: String, uri: String)
    /// A manifest file is not a valid manifest.
    case invalidManifest(S3URI)
    /// A key would be written outside the channel directory.
    case unsafeKey(String)
    /// An S3 request failed.
    case s3(operation: String, uri: String, error: S3Error)
    /// A local file operation failed.
    case fileSystem(path: String, message: String)
    /// A gzip object could not be decompressed.
    case gzip(uri: String, message: String)
    /// The output location is neither `s3://` nor `file://`.
    case unsupportedOutputPath(String)
    /// S3 is needed but not configured (credentials, endpoint).
    case s3Configuration(String)
    /// A packaging tool failed.
    case packaging(String)

    public var description: String {
        switch self {
        case .unsupportedURI(let channel, let uri):
            "channel '\(channel)': \(uri) is neither an s3:// nor a file:// URI"
        case .missingLocalSource(let channel, let path): "channel '\(channel)': \(path) does not exist"
        case .emptyPrefix(let channel, let uri): "channel '\(channel)': no objects under \(uri)"
        case .invalidManifest(let uri):
            "\(uri) is not a manifest file: expected a JSON array [{\"prefix\": \"s3://bucket/prefix/\"}, \"key\", ...]"
        case .unsafeKey(let key): "the key '\(key)' would be written outside the channel directory"
        case .s3(let operation, let uri, let error): "\(operation) \(uri) failed: \(error)"
        case .fileSystem(let path, let message): "\(path): \(message)"
        case .gzip(let uri, let message): "\(uri) is not valid gzip data: \(message)"
        case .unsupportedOutputPath(let path): "the output path \(path) is neither an s3:// nor a file:// URI"
        case .s3Configuration(let message): "S3 is not configured for this job: \(message)"
        case .packaging(let message): message
        }
    }
}
