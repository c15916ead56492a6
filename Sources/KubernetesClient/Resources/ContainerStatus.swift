import ServiceModel

/// A `status.containerStatuses[]` (or `initContainerStatuses[]`) entry of a Pod.
public struct ContainerStatus: Sendable, Equatable {
    /// A container's state (`state` or `lastState`).
    public enum State: Sendable, Equatable {
        /// Not running yet: `reason` is `ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`, `CrashLoopBackOff`...
        case waiting(reason: String?, message: String?)
        /// Running since `startedAt`.
        case running(startedAt: String?)
        /// Exited.
        case terminated(Termination)
        /// No state reported.
        case unknown
    }

    /// How a container ended.
    public struct Termination: Sendable, Equatable {
        /// The exit code.
        public var exitCode: Int
        /// The signal that ended it, when one did.
        public var signal: Int?
        /// `Completed`, `Error`, `OOMKilled`, `ContainerCannotRun`...
        public var reason: String?
        /// A message (the termination message file's contents, when the container wrote one).
        public var message: String?
        /// When it started (RFC 3339).
        public var startedAt: String?
        /// When it ended (RFC 3339).
        public var finishedAt: String?

        /// A termination.
        public init(
            exitCode: Int, signal: Int? = nil, reason: String? = nil, message: String? = nil, startedAt: String? = nil,
            finishedAt: String? = nil
        ) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }

    /// The container's name.
    public var name: String
    /// Whether its readiness probe passes.
    public var isReady: Bool
    /// How many times it restarted.
    public var restartCount: Int
    /// The image it runs.
    public var image: String?
    /// The current state.
    public var state: State
    /// The previous run's state (after a restart).
    public var lastState: State

    /// Reads an entry.
    public init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        isReady = json["ready"]?.boolValue ?? false
        restartCount = Int(json["restartCount"]?.int64Value ?? 0)
        image = json["image"]?.stringValue
        state = Self.state(json["state"])
        lastState = Self.state(json["lastState"])
    }

    private static func state(_ json: JSONValue?) -> State {
        if let waiting = json?["waiting"], !waiting.isNull {
            return .waiting(reason: waiting["reason"]?.stringValue, message: waiting["message"]?.stringValue)
        }
        if let running = json?["running"], !running.isNull {
            return .running(startedAt: running["startedAt"]?.stringValue)
        }
        if let terminated = json?["terminated"], !terminated.isNull {
            return .terminated(
                Termination(
                    exitCode: Int(terminated["exitCode"]?.int64Value ?? 0),
                    signal: terminated["signal"]?.int64Value.map { Int($0) }, reason: terminated["reason"]?.stringValue,
                    message: terminated["message"]?.stringValue, startedAt: terminated["startedAt"]?.stringValue,
                    finishedAt: terminated["finishedAt"]?.stringValue))
        }
        return .unknown
    }
}
