import Foundation
import LocalProcess
import Logging
import Synchronization
import TrainingJobs

/// The embedded default backend: each job runs as local process groups, one per host, that see SageMaker's
/// container contract under `<jobs directory>/<job>/algo-N`.
public final class LocalBackend: TrainingBackend {
    private let configuration: LocalBackendConfiguration
    private let logger: Logger
    private let runs = Mutex([String: (run: LocalJobRun, task: Task<Void, Never>)]())

    /// Creates the backend.
    public init(configuration: LocalBackendConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts the job in the background.
    public func launch(_ job: TrainingJobSpecification, reporter: TrainingJobReporter) async throws {
        try FileManager.default.createDirectory(
            atPath: configuration.jobsDirectory + "/" + job.name, withIntermediateDirectories: true)
        let run = LocalJobRun(job: job, reporter: reporter, configuration: configuration, logger: logger)
        runs.withLock { runs in
            let task = Task { [weak self] in
                await run.run()
                self?.finished(job.name)
            }
            runs[job.name] = (run, task)
        }
    }

    private func finished(_ name: String) {
        runs.withLock { _ = $0.removeValue(forKey: name) }
    }

    /// Stops the job's processes (grace period, then kill); the run then packages what they left.
    public func stop(jobNamed name: String, reason: StopReason) async {
        guard let run = runs.withLock({ $0[name]?.run }) else { return }
        await run.stop(reason: reason)
    }

    /// Jobs left running by an earlier server cannot be supervised again: their surviving processes are killed and
    /// the jobs reported lost, so none stays InProgress and none runs twice.
    public func reconcile(
        _ jobs: [TrainingJobSpecification], reporter: @escaping @Sendable (String) -> TrainingJobReporter
    ) async {
        for job in jobs {
            let directory = configuration.jobsDirectory + "/" + job.name
            for identity in HostRecord.load(from: directory) where identity.isAlive() {
                _ = ProcessIdentity.killGroup(identity.processID, signal: SIGKILL)
                logger.warning(
                    "killed a host left by an earlier server",
                    metadata: ["training-job.name": "\(job.name)", "pid": "\(identity.processID)"])
            }
            await reporter(job.name).report(
                .runtimeFailed(
                    reason:
                        "InternalServerError: the training platform restarted while this job was running; its processes were stopped."
                ))
        }
    }

    /// Removes the job's working directory.
    public func forget(jobNamed name: String) async {
        let directory = configuration.jobsDirectory + "/" + name
        _ = try? await BlockingWork.run { try FileManager.default.removeItem(atPath: directory) }
    }

    /// The longest a server shutdown waits for a job's processes to end after SIGTERM.
    static let shutdownGracePeriod = Duration.seconds(10)

    /// Stops every running job (a grace period of at most ``shutdownGracePeriod``) and waits for the runs to end.
    public func shutdown() async {
        let all = runs.withLock { Array($0.values) }
        let grace = min(configuration.stopGracePeriod, Self.shutdownGracePeriod)
        await withTaskGroup(of: Void.self) { group in
            for (run, task) in all {
                group.addTask {
                    await run.stop(reason: .userRequest, gracePeriod: grace)
                    await task.value
                }
            }
        }
    }
}
