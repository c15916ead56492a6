import Foundation
import Glibc
import KubeTestSupport
import Synchronization

/// A `sage-runtime` child process with its output in a log file, reaped on a thread of its own. `kill()` it in a
/// `defer` so that a failing test leaves nothing running.
final class SidecarProcess: Sendable {
    let pid: pid_t
    let logPath: String
    private let reaped: ExitBox

    /// The executable beside the test bundle (`SAGE_RUNTIME_BIN` overrides).
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["SAGE_RUNTIME_BIN"] { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return (runner as NSString).deletingLastPathComponent + "/sage-runtime"
    }

    /// Starts `sage-runtime arguments...` with exactly `environment`.
    init(arguments: [String], environment: [String: String], logPath: String) throws {
        let executable = Self.executable
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SetupError("\(executable) is missing: build the sage-runtime product (swift build --build-tests)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw SetupError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        self.logPath = logPath
        let box = ExitBox()
        reaped = box
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            box.status.withLock { $0 = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F) }
        }
    }

    /// The exit status (128 + the signal when killed), nil while running.
    var status: Int32? { reaped.status.withLock { $0 } }

    /// What it printed so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` while it runs.
    func send(_ signal: Int32) {
        if status == nil { Glibc.kill(pid, signal) }
    }

    /// Kills it if it still runs.
    func kill() {
        send(SIGKILL)
    }

    /// Waits until it has printed `text`.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(30)) async throws {
        do {
            try await eventually("sage-runtime printing '\(text)'", timeout: timeout) {
                if log.contains(text) { return true }
                if let status { throw SetupError("sage-runtime exited (\(status)) without printing '\(text)'") }
                return false
            }
        } catch {
            throw SetupError("\(error); it printed:\n\(log)")
        }
    }

    /// Waits for the exit; its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        do {
            try await eventually("sage-runtime to exit", timeout: timeout) { status != nil }
        } catch {
            throw SetupError("\(error); it printed:\n\(log)")
        }
        return status ?? -1
    }

    /// The reaper's result, shared with its thread.
    private final class ExitBox: Sendable {
        let status = Mutex<Int32?>(nil)
    }
}
