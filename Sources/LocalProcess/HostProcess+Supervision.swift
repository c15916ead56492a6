import Glibc
import Logging
import Synchronization

/// The two supervising threads of a `HostProcess` and how their results meet.
extension HostProcess {
    /// Starts the output thread, then the waiter thread; if either cannot start, kills and reaps
    /// the process so nothing is left unsupervised.
    func startThreads(
        _ launch: ProcessLaunch, output: Int32, exitNotice: PipeDescriptors,
        onLine: @escaping @Sendable (OutputLine) -> Void
    ) throws(SystemCallError) {
        let reader = OutputReader(
            output: output, leaderExitNotice: exitNotice.readEnd,
            maximumLineLength: launch.maximumLineLength, drainTimeout: launch.outputDrainTimeout,
            logger: logger, onLine: onLine)
        do {
            try DetachedThread.start(name: "out-\(processID)") { [self] in
                reader.run()
                outputDidEnd()
            }
        } catch {
            kill(-processID, SIGKILL)
            reapLeader()
            close(output)
            exitNotice.closeBoth()
            throw error
        }
        do {
            try DetachedThread.start(name: "wait-\(processID)") { [self] in
                superviseExit(exitNotice: exitNotice.writeEnd)
            }
        } catch {
            // The output thread ends by itself: the group dies, and so does the exit notice.
            kill(-processID, SIGKILL)
            reapLeader()
            close(exitNotice.writeEnd)
            throw error
        }
    }

    /// The waiter thread: wait for the leader without reaping it (the zombie keeps its ID, and so
    /// the group ID, from being reused), kill the rest of the group, reap, report.
    private func superviseExit(exitNotice: Int32) {
        var info = siginfo_t()
        var waitError: Int32 = 0
        while waitid(P_PID, id_t(processID), &info, WEXITED | WNOWAIT) != 0 {
            guard errno == EINTR else {
                waitError = errno
                break
            }
        }
        if waitError == 0 {
            // Container semantics: when the entry process ends, the others end with it.
            kill(-processID, SIGKILL)
        } else {
            logger.error("cannot wait for process; was it reaped elsewhere?", metadata: ["errno": "\(waitError)"])
        }
        let termination = reapLeader()
        close(exitNotice)  // wakes the output thread, which starts its drain timeout
        leaderDidExit(termination)
    }

    /// Reaps the leader under the lock (so `signal` never targets a reused ID) and returns how it ended.
    @discardableResult
    func reapLeader() -> ProcessTermination {
        state.withLock { state in
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(processID, &status, 0) } while result < 0 && errno == EINTR
            state.isReaped = true
            guard result == processID else {
                // ECHILD: someone else collected the status (SIGCHLD ignored, or a waitpid(-1)).
                return .exited(code: -1)
            }
            return ProcessTermination(waitStatus: status)
        }
    }

    private func leaderDidExit(_ termination: ProcessTermination) {
        logger.debug("process leader exited", metadata: ["termination": "\(termination)"])
        finish { $0.leaderTermination = termination }
    }

    private func outputDidEnd() {
        finish { $0.outputEnded = true }
    }

    /// Applies `update`; publishes the termination and resumes every awaiter exactly once when
    /// both the exit and the end of output are known.
    private func finish(_ update: (inout State) -> Void) {
        let (termination, awaiters): (ProcessTermination?, [CheckedContinuation<ProcessTermination, Never>]) =
            state.withLock { state in
                update(&state)
                guard state.termination == nil, state.outputEnded, let leader = state.leaderTermination else {
                    return (nil, [])
                }
                state.termination = leader
                defer { state.awaiters = [] }
                return (leader, state.awaiters)
            }
        guard let termination else { return }
        logger.debug("process ended", metadata: ["termination": "\(termination)"])
        for awaiter in awaiters { awaiter.resume(returning: termination) }
    }
}
