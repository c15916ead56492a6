import Glibc
import Logging
import Synchronization

/// One supervised host process: the leader of its own session, whose merged output is delivered
/// line by line and whose exit is reported once all of that output has been delivered.
///
/// Two dedicated threads serve each process: one reads its output, one waits for its exit. When
/// the leader exits, whatever remains of its process group is killed (as a container's processes
/// end with its entry process). Holding no reference stops nothing: the threads keep the
/// process supervised until it ends.
///
/// The server must not ignore SIGCHLD nor reap children with `waitpid(-1)`: the exit status
/// would be lost, and is then reported as `.exited(code: -1)`.
public final class HostProcess: Sendable {
    /// The leader's process ID, which is also its process group ID and session ID.
    public let processID: Int32
    /// The leader's identity right after the start, for recording and later reconciliation.
    public let identity: ProcessIdentity?
    let logger: Logger
    let state = Mutex(State())

    struct State: ~Copyable {
        /// Set once the waiter reaped the leader: from then on its ID may belong to another process.
        var isReaped = false
        var leaderTermination: ProcessTermination?
        var outputEnded = false
        /// Published when the leader ended and all its output was delivered.
        var termination: ProcessTermination?
        var awaiters: [CheckedContinuation<ProcessTermination, Never>] = []
    }

    init(processID: Int32, logger: Logger) {
        self.processID = processID
        self.identity = ProcessIdentity.current(of: processID)
        self.logger = logger
    }

    /// Starts `launch` and supervises it; `onLine` receives every output line, in order, on the
    /// output thread, before the exit is reported. A blocking `onLine` blocks the child's writes.
    public static func launch(
        _ launch: ProcessLaunch, logger: Logger, onLine: @escaping @Sendable (OutputLine) -> Void
    ) throws(ProcessLaunchError) -> HostProcess {
        let path = try ExecutableLookup.resolve(launch)
        let output: PipeDescriptors
        let exitNotice: PipeDescriptors
        do throws(SystemCallError) {
            output = try PipeDescriptors.open()
            do throws(SystemCallError) { exitNotice = try PipeDescriptors.open() } catch {
                output.closeBoth()
                throw error
            }
        } catch {
            throw ProcessLaunchError(executable: launch.executable, step: .systemCall(error.call), code: error.code)
        }
        let pid: pid_t
        do {
            pid = try Spawner.spawn(launch, path: path, output: output.writeEnd)
        } catch {
            output.closeBoth()
            exitNotice.closeBoth()
            throw error
        }
        close(output.writeEnd)

        var logger = logger
        logger[metadataKey: "pid"] = "\(pid)"
        let process = HostProcess(processID: pid, logger: logger)
        do throws(SystemCallError) {
            try process.startThreads(launch, output: output.readEnd, exitNotice: exitNotice, onLine: onLine)
        } catch {
            throw ProcessLaunchError(executable: launch.executable, step: .systemCall(error.call), code: error.code)
        }
        logger.debug("process started", metadata: ["executable": "\(launch.executable)", "path": "\(path)"])
        return process
    }

    /// How the process ended, once it exited and all its output was delivered; nil until then.
    public var termination: ProcessTermination? {
        state.withLock { $0.termination }
    }

    /// Sends `signal` to the whole process group; does nothing once the process has been reaped.
    public func signal(_ signal: Int32) {
        state.withLock { state in
            // Under the lock the waiter cannot reap, so the ID cannot have been reused yet.
            guard !state.isReaped else { return }
            if kill(-processID, signal) != 0, errno != ESRCH {
                logger.warning("cannot signal process group", metadata: ["signal": "\(signal)", "errno": "\(errno)"])
            }
        }
    }

    /// Waits until the process ended and all its output was delivered; any number of tasks may
    /// wait at once. Not cancellable: to stop waiting early, end the process (`terminate`).
    public func waitForExit() async -> ProcessTermination {
        await withCheckedContinuation { continuation in
            let finished: ProcessTermination? = state.withLock { state in
                if let termination = state.termination { return termination }
                state.awaiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    /// Sends SIGTERM to the group, then SIGKILL if the process has not ended after `gracePeriod`;
    /// returns how it ended. Runs to completion even if the calling task is cancelled.
    public func terminate(gracePeriod: Duration) async -> ProcessTermination {
        signal(SIGTERM)
        let escalation = Task { [self] in
            guard (try? await Task.sleep(for: gracePeriod)) != nil else { return }
            guard self.termination == nil else { return }
            logger.info(
                "process did not end within its grace period; killing it", metadata: ["grace-period": "\(gracePeriod)"])
            signal(SIGKILL)
        }
        let result = await waitForExit()
        escalation.cancel()
        return result
    }
}
