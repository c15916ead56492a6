/// Why no usable Kubernetes configuration could be read: the file (and line) and the problem. Compare `code`
/// with the static members; new codes may be added without breaking callers.
public struct KubernetesConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case malformedFile, unreadableFile, missingFile, unknownContext, unknownCluster, unknownUser
            case unsupported, noConfiguration
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file is not valid YAML (of the supported subset) or not a valid kubeconfig.
        public static let malformedFile = Code(.malformedFile)
        /// The file exists but could not be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// A file named explicitly (or a certificate, key or token file) does not exist.
        public static let missingFile = Code(.missingFile)
        /// The requested or current context is not defined.
        public static let unknownContext = Code(.unknownContext)
        /// The context names a cluster that is not defined.
        public static let unknownCluster = Code(.unknownCluster)
        /// The context names a user that is not defined.
        public static let unknownUser = Code(.unknownUser)
        /// The configuration asks for something this client does not do (exec plugins, auth providers).
        public static let unsupported = Code(.unsupported)
        /// No kubeconfig file and no in-cluster service account were found.
        public static let noConfiguration = Code(.noConfiguration)

        /// The code in words.
        public var description: String { value.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The file concerned, when there is one.
    public var path: String?
    /// The one-based line in `path`, for syntax errors.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// An error.
    public init(code: Code, path: String? = nil, line: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, or as much of it as is known.
    public var description: String {
        switch (path, line) {
        case (let path?, let line?): "\(path):\(line): \(message)"
        case (let path?, nil): "\(path): \(message)"
        default: message
        }
    }

    static func malformed(_ path: String, _ message: String, line: Int? = nil) -> Self {
        Self(code: .malformedFile, path: path, line: line, message: message)
    }
}
