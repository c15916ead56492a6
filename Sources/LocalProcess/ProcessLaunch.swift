/// What to run as one host process: the command, its complete environment and its working directory.
///
/// Nothing is inherited implicitly: the child sees exactly `environment`, starts in
/// `workingDirectory`, reads standard input from `/dev/null`, and writes standard output
/// and standard error into one merged stream.
public struct ProcessLaunch: Sendable, Hashable {
    /// The command: a path (absolute, or relative to `workingDirectory`) when it contains a slash,
    /// else a name looked up in `environment["PATH"]` (or the server's `PATH` when absent).
    public var executable: String
    /// The arguments after `argv[0]` (which is `executable` as given).
    public var arguments: [String]
    /// The complete environment of the child; the caller decides what is inherited.
    public var environment: [String: String]
    /// The directory the child starts in; it must exist.
    public var workingDirectory: String
    /// The longest line delivered whole, in bytes; longer lines are cut into pieces of at most this size.
    public var maximumLineLength: Int
    /// How long output may stay open after the process and its group ended (a descendant that left
    /// the group still holds it) before the output is closed and the exit reported anyway.
    public var outputDrainTimeout: Duration

    /// The default bound on a delivered line: 256 KiB.
    public static let defaultMaximumLineLength = 256 * 1024

    /// Creates a launch description.
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String],
        workingDirectory: String,
        maximumLineLength: Int = ProcessLaunch.defaultMaximumLineLength,
        outputDrainTimeout: Duration = .seconds(5)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.maximumLineLength = maximumLineLength
        self.outputDrainTimeout = outputDrainTimeout
    }
}
