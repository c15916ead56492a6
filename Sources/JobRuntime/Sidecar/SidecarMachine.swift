/// What the runtime sidecar of a training pod does, without I/O. It follows the algorithm container through
/// snapshots of its own pod, pushes checkpoints on a timer while the algorithm runs and, once the algorithm has
/// terminated, pushes them once more, uploads the outputs (on the uploading host, when the algorithm succeeded or
/// was stopped: SageMaker stores the model on Stop and on MaxRuntimeExceeded too, never after a failure) and
/// finishes. SIGTERM (the pod being deleted) does not end it: the algorithm got SIGTERM as well, and its end is
/// awaited. The driver feeds `Event`s to `handle(_:)` one at a time and performs the returned `Action`, reporting
/// each action's result as the next event.
public struct SidecarMachine: Sendable {
    /// What the sidecar was started for.
    public struct Configuration: Sendable, Equatable {
        /// The pod (for failure reasons).
        public var podName: String
        /// The algorithm's container.
        public var container: String
        /// Whether the job has a CheckpointConfig.
        public var syncsCheckpoints: Bool
        /// Whether this host stores the job's outputs (`algo-1`).
        public var uploadsOutputs: Bool

        /// A configuration.
        public init(podName: String, container: String, syncsCheckpoints: Bool, uploadsOutputs: Bool) {
            self.podName = podName
            self.container = container
            self.syncsCheckpoints = syncsCheckpoints
            self.uploadsOutputs = uploadsOutputs
        }
    }

    /// The algorithm container's state in one pod snapshot.
    public enum AlgorithmState: Sendable, Equatable {
        /// Not started: no status yet, or waiting (image pull, container creation).
        case pending
        /// Running.
        case running
        /// Exited.
        case terminated(AlgorithmTermination)
        /// The pod has no container of that name.
        case missing
    }

    /// How the algorithm container ended.
    public struct AlgorithmTermination: Sendable, Equatable {
        /// The exit code (143 after SIGTERM, 137 after SIGKILL).
        public var exitCode: Int
        /// `Completed`, `Error`, `OOMKilled`...
        public var reason: String?

        /// A termination.
        public init(exitCode: Int, reason: String? = nil) {
            self.exitCode = exitCode
            self.reason = reason
        }

        /// Whether the algorithm succeeded.
        public var isSuccess: Bool { exitCode == 0 }
    }

    /// What happened.
    public enum Event: Sendable, Equatable {
        /// A snapshot of the pod showed the algorithm in `state`.
        case observed(AlgorithmState)
        /// The pod does not exist (any more).
        case podGone
        /// The pod cannot be watched (refused credentials or permissions, a rejected request).
        case watchFailed(String)
        /// The checkpoint interval has elapsed.
        case checkpointTimer
        /// SIGTERM: the pod is being deleted (StopTrainingJob, or MaxRuntimeInSeconds exceeded).
        case terminationRequested
        /// The checkpoint push asked for is done.
        case checkpointsPushed
        /// The checkpoint push asked for failed.
        case checkpointPushFailed(String)
        /// The outputs are stored; the model's URI.
        case uploaded(modelArtifacts: String)
        /// Storing the outputs failed.
        case uploadFailed(String)
    }

    /// What the driver does next.
    public enum Action: Sendable, Equatable {
        /// Nothing: wait for the next event.
        case none
        /// Push the changed checkpoint files, then report `checkpointsPushed` or `checkpointPushFailed`.
        case pushCheckpoints
        /// Package and store the outputs, then report `uploaded` or `uploadFailed`.
        case upload
        /// Stop watching, report `outcome` and exit.
        case finish(Outcome)
    }

    /// How the sidecar ends.
    public enum Outcome: Sendable, Equatable {
        /// Its work is done; the model's URI when it stored one.
        case completed(modelArtifacts: String?)
        /// It failed; the one-line reason (SageMaker's FailureReason style).
        case failed(reason: String)
    }

    /// Where the sidecar is.
    public enum Phase: Sendable, Equatable {
        /// The algorithm has not ended yet.
        case following
        /// The algorithm has ended; the last checkpoint push is running.
        case pushingFinalCheckpoints
        /// The outputs are being stored.
        case uploading
        /// Done.
        case finished
    }

    /// The configuration.
    public let configuration: Configuration
    /// Where the sidecar is.
    public private(set) var phase: Phase = .following
    /// The algorithm's state in the latest snapshot; nil before the first.
    public private(set) var algorithm: AlgorithmState?
    /// Whether SIGTERM arrived.
    public private(set) var isStopRequested = false
    /// Whether the outputs are stored: decided when the algorithm ends, on the uploading host, when it succeeded
    /// or was stopped.
    public private(set) var storesOutputs = false
    /// Whether a periodic checkpoint push is running.
    private var isPushing = false

    /// A machine following the algorithm.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Whether the pod still needs watching.
    public var isFollowingAlgorithm: Bool { phase == .following }

    /// Takes `event`; returns what to do.
    public mutating func handle(_ event: Event) -> Action {
        switch event {
        case .observed(let state):
            return observe(state)
        case .podGone:
            guard phase == .following else { return .none }
            let pod = configuration.podName
            return fail(
                algorithm == nil
                    ? "InternalServerError: the pod \(pod) does not exist"
                    : "InternalServerError: the pod \(pod) was deleted before container \(configuration.container) "
                        + "terminated")
        case .watchFailed(let reason):
            guard phase == .following else { return .none }
            return fail("InternalServerError: the pod \(configuration.podName) cannot be watched: \(reason)")
        case .checkpointTimer:
            guard phase == .following, configuration.syncsCheckpoints, algorithm == .running, !isPushing else {
                return .none
            }
            isPushing = true
            return .pushCheckpoints
        case .terminationRequested:
            guard !isStopRequested else { return .none }
            isStopRequested = true
            // An algorithm that has not started will not start any more: the pod is going away.
            return algorithm == .pending ? algorithmEnded() : .none
        case .checkpointsPushed:
            return pushEnded(failure: nil)
        case .checkpointPushFailed(let reason):
            return pushEnded(failure: reason)
        case .uploaded(let uri):
            guard phase == .uploading else { return .none }
            return finish(.completed(modelArtifacts: uri))
        case .uploadFailed(let reason):
            guard phase == .uploading else { return .none }
            return fail("ClientError: Output upload failed: \(reason)")
        }
    }

    private mutating func observe(_ state: AlgorithmState) -> Action {
        guard phase == .following else { return .none }
        // The pod never restarts its containers: a terminated algorithm stays terminated.
        if case .terminated = algorithm { return .none }
        algorithm = state
        switch state {
        case .missing:
            return fail(
                "InternalServerError: the pod \(configuration.podName) has no container \(configuration.container)")
        case .terminated:
            return algorithmEnded()
        case .pending:
            return isStopRequested ? algorithmEnded() : .none
        case .running:
            return .none
        }
    }

    private mutating func pushEnded(failure: String?) -> Action {
        switch phase {
        case .following:
            // A periodic push that failed is tried again at the next interval; one that ended after the
            // algorithm did is followed by the last push.
            guard isPushing else { return .none }
            isPushing = false
            if case .terminated = algorithm { return algorithmEnded() }
            return algorithm == .pending && isStopRequested ? algorithmEnded() : .none
        case .pushingFinalCheckpoints:
            if let failure { return fail("ClientError: Checkpoint upload failed: \(failure)") }
            return storeOutputs()
        case .uploading, .finished:
            return .none
        }
    }

    /// The algorithm has terminated, or will never start: the last push, then the outputs. Waits for a periodic
    /// push that is still running.
    private mutating func algorithmEnded() -> Action {
        guard phase == .following, !isPushing else { return .none }
        switch algorithm {
        case .terminated(let termination): storesOutputs = termination.isSuccess || isStopRequested
        default: storesOutputs = isStopRequested
        }
        storesOutputs = storesOutputs && configuration.uploadsOutputs
        guard configuration.syncsCheckpoints else { return storeOutputs() }
        phase = .pushingFinalCheckpoints
        return .pushCheckpoints
    }

    private mutating func storeOutputs() -> Action {
        guard storesOutputs else { return finish(.completed(modelArtifacts: nil)) }
        phase = .uploading
        return .upload
    }

    private mutating func fail(_ reason: String) -> Action {
        finish(.failed(reason: reason))
    }

    private mutating func finish(_ outcome: Outcome) -> Action {
        phase = .finished
        return .finish(outcome)
    }
}
