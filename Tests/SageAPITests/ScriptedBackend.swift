import Synchronization
import TrainingJobs

/// A test double for a backend: it records what the platform asks of it and lets a test report events as a real
/// backend would. (Real process behaviour is covered by the LocalBackend tests and the end-to-end suite.)
final class ScriptedBackend: TrainingBackend {
    struct Calls {
        var launched: [TrainingJobSpecification] = []
        var stopped: [(String, StopReason)] = []
        var reconciled: [String] = []
        var forgotten: [String] = []
        var reporters: [String: TrainingJobReporter] = [:]
    }

    let calls = Mutex(Calls())
    /// When set, `launch` throws this.
    let launchError: (any Error & Sendable)?

    init(launchError: (any Error & Sendable)? = nil) {
        self.launchError = launchError
    }

    func launch(_ job: TrainingJobSpecification, reporter: TrainingJobReporter) async throws {
        if let launchError { throw launchError }
        calls.withLock {
            $0.launched.append(job)
            $0.reporters[job.name] = reporter
        }
    }

    func stop(jobNamed name: String, reason: StopReason) async {
        calls.withLock { $0.stopped.append((name, reason)) }
    }

    func reconcile(
        _ jobs: [TrainingJobSpecification], reporter: @escaping @Sendable (String) -> TrainingJobReporter
    ) async {
        for job in jobs {
            calls.withLock { $0.reconciled.append(job.name) }
            await reporter(job.name).report(.runtimeFailed(reason: "InternalServerError: lost"))
        }
    }

    func forget(jobNamed name: String) async {
        calls.withLock { $0.forgotten.append(name) }
    }

    func shutdown() async {}

    /// The reporter the platform gave for `name`.
    func reporter(_ name: String) -> TrainingJobReporter? {
        calls.withLock { $0.reporters[name] }
    }
}
