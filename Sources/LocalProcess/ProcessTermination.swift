/// How a process ended.
public enum ProcessTermination: Sendable, Hashable, CustomStringConvertible {
    /// The process called `exit` (or returned from `main`) with this status (0...255).
    case exited(code: Int32)
    /// The process was ended by this signal.
    case signaled(signal: Int32)

    /// Whether the process exited with status 0.
    public var isSuccess: Bool { self == .exited(code: 0) }

    /// A short human-readable account, e.g. "exited with code 3" or "killed by signal 9 (SIGKILL)".
    public var description: String {
        switch self {
        case .exited(let code):
            return "exited with code \(code)"
        case .signaled(let signal):
            guard let name = Self.signalNames[signal] else { return "killed by signal \(signal)" }
            return "killed by signal \(signal) (\(name))"
        }
    }

    /// Decodes a `waitpid` status (the `WIFEXITED`/`WIFSIGNALED` macros, which Swift does not import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: signal)
        }
    }

    private static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
        7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
        13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ",
    ]
}
