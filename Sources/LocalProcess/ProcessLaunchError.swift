/// Why a process could not be started.
public struct ProcessLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed.
    public enum Step: Sendable, Hashable {
        /// Executing the program failed (missing, not executable, bad format, out of processes...).
        case executable
        /// A command name without a slash was not found in this search path.
        case executableNotFound(searchPath: String)
        /// The working directory is missing or not a directory.
        case workingDirectory(String)
        /// The launch description cannot be passed to the system (e.g. a NUL byte in an argument).
        case invalidLaunch(String)
        /// A system call that sets up the process failed.
        case systemCall(String)
    }

    /// The executable as given in the launch description.
    public let executable: String
    /// The step that failed.
    public let step: Step
    /// The `errno` value of the failure.
    public let code: Int32

    /// Creates an error.
    public init(executable: String, step: Step, code: Int32) {
        self.executable = executable
        self.step = step
        self.code = code
    }

    /// The system's message for `code`, e.g. "No such file or directory".
    public var systemMessage: String { SystemCallError.message(for: code) }

    /// The full message, e.g. "cannot start '/x/y': No such file or directory".
    public var description: String {
        let prefix = "cannot start '\(executable)'"
        switch step {
        case .executable:
            return "\(prefix): \(systemMessage)"
        case .executableNotFound(let searchPath):
            return "\(prefix): \(systemMessage) (not found in PATH '\(searchPath)')"
        case .workingDirectory(let directory):
            return "\(prefix): working directory '\(directory)': \(systemMessage)"
        case .invalidLaunch(let reason):
            return "\(prefix): \(reason)"
        case .systemCall(let call):
            return "\(prefix): \(call): \(systemMessage)"
        }
    }
}
