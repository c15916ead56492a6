/// Everything the API server is configured with; read once at the edge (flags, environment) into this value.
public struct SageAPIConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one (see ``readyFile``).
    public var port: Int
    /// Where the database and the jobs' working directories live.
    public var stateDirectory: String
    /// The region and account in ARNs.
    public var identity: ServiceIdentity
    /// Access key id → secret access key. When empty, requests are not authenticated (any signature is accepted).
    public var credentials: [String: String]
    /// Where `/jobs` writes models: `file://<state>/output` by default.
    public var defaultOutputPath: String
    /// A file to write the server's base URL to once it listens (for scripts and tests using port 0).
    public var readyFile: String?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, stateDirectory: String, identity: ServiceIdentity = .init(),
        credentials: [String: String] = [:], defaultOutputPath: String? = nil, readyFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.stateDirectory = stateDirectory
        self.identity = identity
        self.credentials = credentials
        self.defaultOutputPath = defaultOutputPath ?? "file://\(stateDirectory)/output"
        self.readyFile = readyFile
    }
}
