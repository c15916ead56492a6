/// A problem with the S3 client's configuration: credentials, shared files, endpoint or region.
public enum S3ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No credentials in the environment or the shared files.
    case noCredentials(profile: String)
    /// The profile named by `AWS_PROFILE` (or given) exists in neither shared file.
    case unknownProfile(String)
    /// A profile has an access key ID without a secret, or the reverse.
    case incompleteCredentials(source: String)
    /// A shared file exists but cannot be read.
    case unreadableFile(path: String)
    /// A shared file is not valid INI.
    case malformedFile(path: String, line: Int, problem: String)
    /// The endpoint URL is not an absolute http or https URL.
    case invalidEndpoint(String)
    /// A setting has a value the client cannot use.
    case invalidSetting(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .noCredentials(let profile):
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add them to profile '\(profile)' "
                + "of the shared credentials file"
        case .unknownProfile(let name): "the AWS profile '\(name)' is in neither ~/.aws/credentials nor ~/.aws/config"
        case .incompleteCredentials(let source):
            "\(source) has an access key ID or a secret access key without the other"
        case .unreadableFile(let path): "cannot read \(path)"
        case .malformedFile(let path, let line, let problem): "\(path):\(line): \(problem)"
        case .invalidEndpoint(let url): "invalid S3 endpoint URL '\(url)': expected http(s)://host[:port]"
        case .invalidSetting(let name, let value, let expected): "invalid \(name) '\(value)': expected \(expected)"
        }
    }
}
