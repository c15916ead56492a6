import ServiceModel

/// A core/v1 Pod.
public struct Pod: KubernetesResource, Equatable {
    /// A pod's lifecycle phase (`status.phase`).
    public struct Phase: RawRepresentable, Hashable, Sendable {
        /// The phase as the API spells it.
        public let rawValue: String
        /// A phase.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Accepted, but not all containers have started.
        public static let pending = Phase(rawValue: "Pending")
        /// Bound to a node, with at least one container running.
        public static let running = Phase(rawValue: "Running")
        /// Every container exited with 0 and will not restart.
        public static let succeeded = Phase(rawValue: "Succeeded")
        /// Every container exited, at least one with a failure.
        public static let failed = Phase(rawValue: "Failed")
        /// The state could not be obtained.
        public static let unknown = Phase(rawValue: "Unknown")

        /// Whether the pod will not run again.
        public var isTerminal: Bool { self == .succeeded || self == .failed }
    }

    /// The whole object.
    public var json: JSONValue

    /// Wraps a Pod's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// `spec.nodeName`: the node the pod is bound to.
    public var nodeName: String? { json.value(at: "spec.nodeName")?.stringValue }
    /// `spec.restartPolicy`.
    public var restartPolicy: String? { json.value(at: "spec.restartPolicy")?.stringValue }
    /// The names of `spec.containers`, in order.
    public var containerNames: [String] {
        (json.value(at: "spec.containers")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// `status.phase`.
    public var phase: Phase? { json.value(at: "status.phase")?.stringValue.map(Phase.init(rawValue:)) }
    /// `status.reason` (`Evicted`, `DeadlineExceeded`).
    public var reason: String? { json.value(at: "status.reason")?.stringValue }
    /// `status.message`.
    public var message: String? { json.value(at: "status.message")?.stringValue }
    /// `status.podIP`.
    public var podIP: String? { json.value(at: "status.podIP")?.stringValue }
    /// `status.hostIP`.
    public var hostIP: String? { json.value(at: "status.hostIP")?.stringValue }
    /// `status.startTime` (RFC 3339).
    public var startTime: String? { json.value(at: "status.startTime")?.stringValue }
    /// `status.conditions`.
    public var conditions: [ResourceCondition] { ResourceCondition.list(json.value(at: "status.conditions")) }
    /// `status.containerStatuses`.
    public var containerStatuses: [ContainerStatus] {
        (json.value(at: "status.containerStatuses")?.arrayValue ?? []).map(ContainerStatus.init(json:))
    }
    /// `status.initContainerStatuses`.
    public var initContainerStatuses: [ContainerStatus] {
        (json.value(at: "status.initContainerStatuses")?.arrayValue ?? []).map(ContainerStatus.init(json:))
    }

    /// The status of the container `name` (init containers included).
    public func containerStatus(named name: String) -> ContainerStatus? {
        (containerStatuses + initContainerStatuses).first { $0.name == name }
    }
}
