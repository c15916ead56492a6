import JobRuntime
import KubernetesClient
import Logging
import TrainingJobs

/// Drives a `SidecarMachine` with I/O: a watch of the sidecar's own pod, a timer for checkpoint pushes that also
/// notices SIGTERM, and the pushes and uploads the machine asks for, one at a time.
struct SidecarRunner: Sendable {
    typealias Event = SidecarMachine.Event

    /// How often the timer looks at the termination flag.
    static let signalPollInterval: Duration = .milliseconds(200)

    let job: RuntimeJob
    let pods: ResourceClient<Pod>
    let podName: String
    let container: String
    let checkpointInterval: Duration
    let uploadsOutputs: Bool
    let termination: TerminationSignal
    let logger: Logger

    /// Follows the algorithm to its end and does the final steps; returns how the sidecar ends.
    func run() async -> SidecarMachine.Outcome {
        var machine = SidecarMachine(
            configuration: .init(
                podName: podName, container: container, syncsCheckpoints: job.specification.checkpoint != nil,
                uploadsOutputs: uploadsOutputs))
        let checkpoints: CheckpointSync?
        do { checkpoints = machine.configuration.syncsCheckpoints ? try CheckpointSync(job: job) : nil } catch {
            return .failed(reason: "ClientError: Checkpoint upload failed: \(error)")
        }
        // Few events arrive (one pod's changes, one tick per interval) and both sources stop once the algorithm
        // has ended, so the stream's buffer stays small.
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let watch = Task { await follow(into: continuation) }
        let timer = Task { await tick(into: continuation) }
        var outcome = SidecarMachine.Outcome.failed(reason: "InternalServerError: the sidecar stopped receiving events")
        events: for await event in events {
            // SIGTERM reaches this process and the algorithm at the same moment; the algorithm's end, which comes
            // through the kubelet and a watch, must not be taken for an unprompted one.
            var next: [Event] = termination.isSet && !machine.isStopRequested ? [.terminationRequested] : []
            next.append(event)
            while !next.isEmpty {
                let current = next.removeFirst()
                let before = machine
                let action = machine.handle(current)
                log(current, before: before, after: machine)
                switch action {
                case .none: break
                case .pushCheckpoints: next.insert(await push(checkpoints), at: 0)
                case .upload: next.insert(await upload(), at: 0)
                case .finish(let result):
                    outcome = result
                    break events
                }
                if !machine.isFollowingAlgorithm {
                    watch.cancel()
                    timer.cancel()
                }
            }
        }
        // The watch has closed its stream once its task is over.
        watch.cancel()
        timer.cancel()
        await watch.value
        await timer.value
        return outcome
    }

    /// Delivers the pod's snapshots until cancelled; a watch that cannot go on becomes `watchFailed`.
    private func follow(into continuation: AsyncStream<Event>.Continuation) async {
        let options = WatchOptions(fieldSelector: "metadata.name=\(podName)")
        do {
            for try await event in pods.watch(options) {
                switch event {
                case .resync(let objects, _):
                    if let pod = objects.first(where: { $0.name == podName }) {
                        continuation.yield(.observed(.init(pod: pod, container: container)))
                    } else {
                        continuation.yield(.podGone)
                    }
                case .added(let pod), .modified(let pod):
                    guard pod.name == podName else { continue }
                    continuation.yield(.observed(.init(pod: pod, container: container)))
                case .deleted(let pod):
                    guard pod.name == podName else { continue }
                    continuation.yield(.observed(.init(pod: pod, container: container)))
                    continuation.yield(.podGone)
                }
            }
            // A watch ends by itself only when its task is cancelled.
            if !Task.isCancelled { continuation.yield(.watchFailed("the watch ended")) }
        } catch {
            continuation.yield(.watchFailed(error.description))
        }
    }

    /// Delivers `checkpointTimer` every interval and `terminationRequested` once SIGTERM has arrived.
    private func tick(into continuation: AsyncStream<Event>.Continuation) async {
        var due = ContinuousClock.now + checkpointInterval
        var reportedTermination = false
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.signalPollInterval)
            if !reportedTermination && termination.isSet {
                reportedTermination = true
                continuation.yield(.terminationRequested)
            }
            if ContinuousClock.now >= due {
                continuation.yield(.checkpointTimer)
                due = ContinuousClock.now + checkpointInterval
            }
        }
    }

    private func push(_ checkpoints: CheckpointSync?) async -> Event {
        guard let checkpoints else { return .checkpointsPushed }
        do {
            try await checkpoints.push()
            return .checkpointsPushed
        } catch {
            return .checkpointPushFailed(error.description)
        }
    }

    private func upload() async -> Event {
        logger.info("packaging and storing the outputs")
        do {
            return .uploaded(modelArtifacts: try await OutputUploader(job: job).upload())
        } catch {
            return .uploadFailed(error.description)
        }
    }

    /// Progress lines for the pod's log.
    private func log(_ event: Event, before: SidecarMachine, after: SidecarMachine) {
        switch event {
        case .observed(let state) where state != before.algorithm && before.isFollowingAlgorithm:
            switch state {
            case .pending: logger.info("container \(container) has not started yet")
            case .running: logger.info("container \(container) is running")
            case .terminated(let termination):
                let reason = termination.reason.map { " (\($0))" } ?? ""
                logger.info("container \(container) terminated: exit code \(termination.exitCode)\(reason)")
            case .missing: break
            }
        case .terminationRequested where !before.isStopRequested:
            if after.isFollowingAlgorithm {
                logger.info("SIGTERM received: waiting for container \(container) to terminate")
            } else {
                logger.info("SIGTERM received")
            }
        case .checkpointPushFailed(let reason) where before.isFollowingAlgorithm:
            logger.warning("checkpoint push failed (trying again at the next interval): \(reason)")
        case .checkpointsPushed where before.phase == .pushingFinalCheckpoints:
            logger.info("checkpoints pushed")
        default:
            break
        }
        if before.isFollowingAlgorithm && !after.isFollowingAlgorithm, case .terminated = after.algorithm,
            after.configuration.uploadsOutputs && !after.storesOutputs
        {
            logger.info("container \(container) failed: its outputs are not stored")
        }
        if after.phase == .pushingFinalCheckpoints && before.phase != after.phase {
            logger.info("pushing the checkpoints once more")
        }
    }
}
