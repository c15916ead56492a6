import KubernetesClient
import ServiceModel

/// What the status mapping needs of one host's pod: its identity, whether it is being deleted, and the states of
/// its three containers (`stage`, `algo`, `runtime`).
public struct HostSnapshot: Sendable, Equatable {
    /// The pod's name.
    public var podName: String
    /// The pod's UID (a retried host gets a new pod).
    public var podUID: String
    /// The host (`algo-N`).
    public var host: String
    /// When the pod was created (RFC 3339), to prefer a retry's newer pod.
    public var creationTimestamp: String
    /// When the pod started (RFC 3339), for its log stream's name.
    public var startTime: String?
    /// The pod's phase.
    public var phase: Pod.Phase?
    /// The pod's reason (`Evicted`, `DeadlineExceeded`...).
    public var reason: String?
    /// The pod's message.
    public var message: String?
    /// Whether the pod is being deleted (a stop, a deadline, a host failure elsewhere).
    public var isBeingDeleted: Bool
    /// The staging init container's state.
    public var stage: ContainerStatus.State?
    /// The algorithm container's state.
    public var algorithm: ContainerStatus.State?
    /// The runtime sidecar's state.
    public var runtime: ContainerStatus.State?
    /// The algorithm container's image (for pull failures).
    public var algorithmImage: String?

    /// The snapshot of `pod`; nil for a pod that is not a training host.
    public init?(pod: Pod) {
        guard let name = pod.metadata.name, let host = pod.metadata.labels[KubeLabels.host] else { return nil }
        podName = name
        podUID = pod.metadata.uid ?? ""
        self.host = host
        creationTimestamp = pod.metadata.creationTimestamp ?? ""
        startTime = pod.startTime
        phase = pod.phase
        reason = pod.reason
        message = pod.message
        isBeingDeleted = pod.metadata.isBeingDeleted
        stage = pod.initContainerStatuses.first { $0.name == "stage" }?.state
        algorithm = pod.containerStatus(named: "algo")?.state
        runtime = pod.containerStatus(named: "runtime")?.state
        algorithmImage =
            pod.json["spec"]?["containers"]?.arrayValue?
            .first { $0["name"]?.stringValue == "algo" }?["image"]?.stringValue
    }

    /// A snapshot from its parts (tests).
    public init(
        podName: String, podUID: String, host: String, creationTimestamp: String = "", phase: Pod.Phase? = .pending,
        isBeingDeleted: Bool = false, stage: ContainerStatus.State? = nil, algorithm: ContainerStatus.State? = nil,
        runtime: ContainerStatus.State? = nil
    ) {
        self.podName = podName
        self.podUID = podUID
        self.host = host
        self.creationTimestamp = creationTimestamp
        self.phase = phase
        self.isBeingDeleted = isBeingDeleted
        self.stage = stage
        self.algorithm = algorithm
        self.runtime = runtime
    }

    /// The termination of `state`, if it is one.
    static func termination(_ state: ContainerStatus.State?) -> ContainerStatus.Termination? {
        if case .terminated(let termination) = state { return termination }
        return nil
    }

    /// Whether `state` has started (running or ended).
    static func hasStarted(_ state: ContainerStatus.State?) -> Bool {
        switch state {
        case .running, .terminated: true
        default: false
        }
    }

    /// The waiting reason of the first container that cannot start and will not by waiting: a missing or
    /// unpullable image, a broken container configuration.
    var fatalWaiting: (container: String, reason: String, message: String?)? {
        for (container, state) in [("stage", stage), ("algo", algorithm), ("runtime", runtime)] {
            if case .waiting(let reason?, let message) = state, Self.fatalWaitingReasons.contains(reason) {
                return (container, reason, message)
            }
        }
        return nil
    }

    /// Waiting reasons that end a job: retrying does not fix them.
    static let fatalWaitingReasons: Set<String> = [
        "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError",
    ]
}
