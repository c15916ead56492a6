import KubernetesClient
import Logging
import Synchronization
import TrainingJobs

/// The Kubernetes backend: each training job as the objects of a ``KubeJobPlan`` (its record, configuration,
/// headless Service and one batch/v1 Job per host), its status driven by watches of the hosts' pods and Jobs.
///
/// Jobs run in the cluster, not under the server: they outlive it (``jobsOutliveServer``), and a restarted or a
/// second control plane picks them up from the watches' first listing. Each job's pods and Jobs feed a
/// ``TrainingJobProgress``, whose outputs become reports, deletions and log followers here.
public final class KubeBackend: TrainingBackend {
    private struct State {
        var reporter: (@Sendable (String) -> TrainingJobReporter)?
        var progress: [String: TrainingJobProgress] = [:]
        var jobNames: [String: String] = [:]
        /// Jobs handed over by `reconcile`, checked for missing objects once both watches have listed.
        var awaitingListing: Set<String> = []
        var listedKinds = 0
        var watches: [Task<Void, Never>] = []
        var followers = LogFollowers()
        /// Each job's latest dispatched work: the next waits for it, so one job's outputs stay in order.
        var lanes: [String: (id: Int, task: Task<Void, Never>)] = [:]
        var laneCounter = 0
        var unavailability: String?
    }

    /// The most jobs whose outputs (record writes, deletions) are carried out at once; the watches wait beyond it.
    static let concurrentJobs = 16

    let client: KubernetesClient
    let settings: ManifestSettings
    let builder: ManifestBuilder
    let logger: Logger
    /// The records, when they are the cluster's: the UIDs of roots just created come from them.
    let records: ClusterJobRecords?
    private let state = Mutex(State())
    private let lanePermits = AsyncSemaphore(permits: KubeBackend.concurrentJobs)

    /// A backend creating jobs in `settings.namespace` through `client`, under roots that `records` creates.
    public init(
        client: KubernetesClient, settings: ManifestSettings, records: ClusterJobRecords? = nil, logger: Logger
    ) {
        self.client = client
        self.records = records
        self.settings = settings
        builder = ManifestBuilder(settings: settings)
        self.logger = logger
    }

    public var jobsOutliveServer: Bool { true }

    public var unavailability: String? { state.withLock { $0.unavailability } }

    public func check(_ job: TrainingJobSpecification) throws(TrainingJobRejection) {
        do {
            _ = try builder.makePlan(for: job)
        } catch  where error.isValidation {
            throw TrainingJobRejection(message: error.message)
        } catch {
            return  // not the request's fault: launching reports it
        }
    }

    public func launch(_ job: TrainingJobSpecification, reporter: TrainingJobReporter) async throws {
        let base = KubeObjectName(trainingJobName: job.name).base
        startWatching(reporter: { _ in reporter })
        state.withLock { state in
            state.jobNames[base] = job.name
            if state.progress[base] == nil { state.progress[base] = TrainingJobProgress(hostNames: job.hostNames) }
        }
        try await create(job)
    }

    public func stop(jobNamed name: String, reason: StopReason) async {
        let base = KubeObjectName(trainingJobName: name).base
        let outputs = state.withLock { state -> [ProgressOutput] in
            guard var progress = state.progress[base] else { return [.deleteHosts] }
            let outputs = progress.stop()
            state.progress[base] = progress
            return outputs
        }
        logger.info("stopping", metadata: ["training-job.name": "\(name)", "reason": "\(reason)"])
        await dispatch(outputs, base: base, name: name)
    }

    public func reconcile(
        _ jobs: [TrainingJobSpecification], reporter: @escaping @Sendable (String) -> TrainingJobReporter
    ) async {
        state.withLock { state in
            for job in jobs {
                let base = KubeObjectName(trainingJobName: job.name).base
                state.jobNames[base] = job.name
                state.progress[base] = TrainingJobProgress(hostNames: job.hostNames)
                state.awaitingListing.insert(base)
            }
        }
        startWatching(reporter: reporter)
    }

    public func forget(jobNamed name: String) async {
        let base = KubeObjectName(trainingJobName: name).base
        let followers = state.withLock { state in
            state.progress[base] = nil
            state.jobNames[base] = nil
            return state.followers.remove(job: base)
        }
        followers.forEach { $0.cancel() }
    }

    public func shutdown() async {
        let (tasks, lanes) = state.withLock { state in
            defer {
                state.watches.removeAll()
                state.lanes.removeAll()
            }
            return (state.watches + state.followers.removeAll(), state.lanes.values.map(\.task))
        }
        tasks.forEach { $0.cancel() }
        for task in tasks { await task.value }
        // Writes under way finish (a job's record stays consistent); nothing new starts with the watches gone.
        for lane in lanes { await lane.value }
    }

    /// Starts the pod and Job watches once, reporting through `reporter`.
    private func startWatching(reporter: @escaping @Sendable (String) -> TrainingJobReporter) {
        let start = state.withLock { state in
            if state.reporter == nil { state.reporter = reporter }
            return state.watches.isEmpty
        }
        guard start else { return }
        let selector = "\(KubeLabels.managedBy)=\(KubeLabels.manager),\(KubeLabels.role)=host"
        let pods = client.resources(.pods, namespace: settings.namespace).watch(WatchOptions(labelSelector: selector))
        let jobs = client.resources(.jobs, namespace: settings.namespace).watch(WatchOptions(labelSelector: selector))
        let tasks = [
            Task { await self.follow(pods, apply: self.apply(pod:)) },
            Task { await self.follow(jobs, apply: self.apply(job:)) },
        ]
        state.withLock { $0.watches = tasks }
    }

    private func follow<Resource>(
        _ watcher: Watcher<Resource>, apply: (WatchEvent<Resource>) async -> Void
    ) async {
        do {
            for try await event in watcher { await apply(event) }
        } catch {
            logger.critical("watching \(Resource.self)s failed for good", metadata: ["error": "\(error)"])
            state.withLock { $0.unavailability = "watching \(Resource.self)s failed: \(error)" }
        }
    }

    /// Feeds `change` into the progress of the job `base` (created for an unknown job when `isActive`), then acts.
    func update(
        base: String, name: String?, hostCount: Int?, isActive: Bool,
        _ change: (inout TrainingJobProgress) -> [ProgressOutput]
    ) async {
        let result = state.withLock { state -> (String, [ProgressOutput])? in
            if state.progress[base] == nil {
                // A job launched by another control plane: follow it while it runs.
                guard isActive, let name, let hostCount, hostCount > 0 else { return nil }
                state.jobNames[base] = name
                state.progress[base] = TrainingJobProgress(hostNames: (1...hostCount).map { "algo-\($0)" })
            }
            guard var progress = state.progress[base], let name = state.jobNames[base] else { return nil }
            let outputs = change(&progress)
            state.progress[base] = progress
            return (name, outputs)
        }
        guard let (jobName, outputs) = result, !outputs.isEmpty else { return }
        await dispatch(outputs, base: base, name: jobName)
    }

    /// Counts a watch's first listing; after both, reports the reconciled jobs whose objects are gone.
    func listed() async {
        let missing = state.withLock { state -> [(String, String, [ProgressOutput])] in
            state.listedKinds += 1
            guard state.listedKinds == 2 else { return [] }
            defer { state.awaitingListing.removeAll() }
            return state.awaitingListing.compactMap { base in
                guard var progress = state.progress[base], let name = state.jobNames[base] else { return nil }
                let outputs = progress.objectsMissing()
                state.progress[base] = progress
                return (base, name, outputs)
            }
        }
        for (base, name, outputs) in missing { await dispatch(outputs, base: base, name: name) }
    }

    /// Forgets the log follower of `pod`, which ended.
    func followerFinished(pod: String) {
        state.withLock { $0.followers.finished(pod: pod) }
    }

    /// Carries out `outputs` for the job `name` after what was dispatched for it before, with other jobs' work
    /// running alongside (at most ``concurrentJobs`` at once: the caller waits for a free lane).
    func dispatch(_ outputs: [ProgressOutput], base: String, name: String) async {
        guard !outputs.isEmpty else { return }
        await lanePermits.acquire()
        state.withLock { state in
            let previous = state.lanes[base]?.task
            state.laneCounter += 1
            let id = state.laneCounter
            let task = Task {
                await previous?.value
                await self.perform(outputs, base: base, name: name)
                self.lanePermits.release()
                self.state.withLock { state in
                    if state.lanes[base]?.id == id { state.lanes[base] = nil }
                }
            }
            state.lanes[base] = (id, task)
        }
    }

    /// Carries out `outputs` for the job `name`: consecutive reports become one record write.
    private func perform(_ outputs: [ProgressOutput], base: String, name: String) async {
        guard let reporter = state.withLock({ $0.reporter })?(name) else { return }
        var events: [TrainingJobEvent] = []
        func flush() async {
            guard !events.isEmpty else { return }
            logger.debug("job events", metadata: ["training-job.name": "\(name)", "events": "\(events)"])
            await reporter.report(events)
            events.removeAll()
        }
        for output in outputs {
            switch output {
            case .report(let event):
                events.append(event)
            case .deleteHosts:
                await flush()
                await deleteHosts(of: name)
            case .followLogs(let podName, let host, let startTime):
                let task = Task {
                    await self.followLogs(
                        podName: podName, stream: Self.streamName(job: name, host: host, startTime: startTime),
                        reporter: reporter)
                }
                state.withLock { $0.followers.add(task, pod: podName, job: base) }
            }
        }
        await flush()
    }
}
