import Foundation
import Logging
import Synchronization
import TrainingJobs

/// Connects jobs to the backend: launches them, turns the backend's reports into persisted status changes, applies
/// metric definitions to the logs, enforces `MaxRuntimeInSeconds` and forwards stop requests.
final class JobCoordinator: Sendable {
    private struct Running {
        var extractor: MetricExtractor
        var deadline: Task<Void, Never>?
    }

    private let store: TrainingJobStore
    private let logs: LogStore
    private let backend: any TrainingBackend
    private let logger: Logger
    private let now: @Sendable () -> Double
    private let running = Mutex([String: Running]())

    /// Creates a coordinator.
    init(
        store: TrainingJobStore, logs: LogStore, backend: any TrainingBackend, logger: Logger,
        now: @escaping @Sendable () -> Double
    ) {
        self.store = store
        self.logs = logs
        self.backend = backend
        self.logger = logger
        self.now = now
    }

    /// Why the backend cannot follow its jobs, nil while it can.
    var backendUnavailability: String? { backend.unavailability }

    /// Asks the backend whether it can run `job` as asked.
    func check(_ job: TrainingJob) throws(TrainingJobRejection) {
        try backend.check(TrainingJobSpecification(name: job.name, arn: job.arn, request: job.request))
    }

    /// Starts a newly stored job. Returns once the backend has it; failures to launch fail the job.
    func launch(_ job: TrainingJob) async {
        let specification = TrainingJobSpecification(name: job.name, arn: job.arn, request: job.request)
        track(specification)
        do {
            try await backend.launch(specification, reporter: reporter(for: job.name))
        } catch {
            logger.error("launch failed", metadata: ["training-job.name": "\(job.name)", "error": "\(error)"])
            await record(
                .runtimeFailed(reason: "InternalServerError: the job could not be started: \(error)"), for: job.name)
        }
    }

    /// Handles StopTrainingJob: records the Stopping status, then asks the backend to stop.
    func stop(jobNamed name: String) async throws {
        let action = try await store.update(named: name) { job in try job.handle(.stopRequested, at: now()) }
        if case .stopAlgorithm(let reason) = action { stopInBackground(name, reason) }
    }

    /// Hands the jobs left unfinished by an earlier run to the backend to resume or report lost.
    func reconcile() async {
        let unfinished = store.unfinishedJobs()
        let specifications = unfinished.map {
            TrainingJobSpecification(name: $0.name, arn: $0.arn, request: $0.request)
        }
        specifications.forEach(track)
        await backend.reconcile(specifications) { [self] name in reporter(for: name) }
    }

    /// The reporter a backend uses for `name`.
    func reporter(for name: String) -> TrainingJobReporter {
        TrainingJobReporter(
            onEvent: { [self] event in await record(event, for: name) },
            onLog: { [self] record in
                logs.append(record)
                scanForMetrics(record, of: name)
            },
            onLogFromTask: { [self] record in
                while !logs.tryAppend(record) {
                    do { try await Task.sleep(for: .milliseconds(20)) } catch { return }
                }
                scanForMetrics(record, of: name)
            },
            onEvents: { [self] events in await record(events, for: name) },
            lastLogTimestamp: { [logs] stream in try? await logs.lastEventTimestamp(ofStream: stream) })
    }

    /// Applies the job's metric definitions to `record`: one lock on the common path.
    private func scanForMetrics(_ record: LogRecord, of name: String) {
        let timestamp = Double(record.timestamp) / 1000
        let scanned = running.withLock { running in
            running[name]?.extractor.scan(record.message, timestamp: timestamp) != nil
        }
        guard !scanned, let job = store.job(named: name), !job.status.isTerminal else { return }
        // A job another server launched (a second replica over one cluster): follow its metrics too.
        track(TrainingJobSpecification(name: job.name, arn: job.arn, request: job.request))
        running.withLock { running in _ = running[name]?.extractor.scan(record.message, timestamp: timestamp) }
    }

    private func track(_ specification: TrainingJobSpecification) {
        let extractor =
            (try? MetricExtractor(definitions: specification.metricDefinitions))
            ?? (try! MetricExtractor(definitions: []))
        let name = specification.name
        let timeout = Duration.seconds(specification.maxRuntimeInSeconds)
        let deadline = Task { [self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            await record(.maxRuntimeExceeded, for: name)
        }
        running.withLock { $0[name] = Running(extractor: extractor, deadline: deadline) }
    }

    /// Applies `event` to the job, persists it, and acts on the result.
    func record(_ event: TrainingJobEvent, for name: String) async {
        await record([event], for: name)
    }

    /// Applies `events` in order as one change, persists it, and acts on the result.
    func record(_ events: [TrainingJobEvent], for name: String) async {
        let metrics = running.withLock { $0[name]?.extractor.finalMetrics }
        let time = now()
        do {
            let (actions, isTerminal) = try await store.update(named: name) { job in
                let actions = events.compactMap { try? job.handle($0, at: time) }
                if let metrics, !metrics.isEmpty { job.finalMetrics = metrics }
                return (actions, job.status.isTerminal)
            }
            for case .stopAlgorithm(let reason) in actions { stopInBackground(name, reason) }
            if isTerminal {
                let finished = running.withLock { $0.removeValue(forKey: name) }
                finished?.deadline?.cancel()
            }
        } catch {
            logger.error(
                "recording a job event failed",
                metadata: ["training-job.name": "\(name)", "events": "\(events)", "error": "\(error)"])
        }
    }

    /// Asks the backend to stop a job without waiting for the grace period: the request that asked returns at once,
    /// and the backend reports the rest.
    private func stopInBackground(_ name: String, _ reason: StopReason) {
        Task { [backend] in await backend.stop(jobNamed: name, reason: reason) }
    }

    /// Lets the backend drop what it kept of a deleted job.
    func forget(jobNamed name: String) async {
        await backend.forget(jobNamed: name)
    }

    /// For a server shutdown: fails the running jobs (a later start could not supervise them), then has the backend
    /// stop their processes. Jobs that outlive the server (in a cluster) are left running for the next start.
    func shutdown() async {
        if !backend.jobsOutliveServer {
            let names = running.withLock { Array($0.keys) }
            for name in names {
                await record(
                    .runtimeFailed(
                        reason: "InternalServerError: the training platform shut down while this job was running."),
                    for: name)
            }
        }
        let rest = running.withLock { running in
            defer { running.removeAll() }
            return Array(running.values)
        }
        rest.forEach { $0.deadline?.cancel() }
        await backend.shutdown()
    }
}
