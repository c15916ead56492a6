import ServiceModel

/// A batch/v1 Job.
public struct Job: KubernetesResource, Equatable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps a Job's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// `spec.parallelism`.
    public var parallelism: Int? { json.value(at: "spec.parallelism")?.int64Value.map { Int($0) } }
    /// `spec.completions`.
    public var completions: Int? { json.value(at: "spec.completions")?.int64Value.map { Int($0) } }
    /// `spec.backoffLimit`.
    public var backoffLimit: Int? { json.value(at: "spec.backoffLimit")?.int64Value.map { Int($0) } }
    /// `spec.activeDeadlineSeconds`.
    public var activeDeadlineSeconds: Int? {
        json.value(at: "spec.activeDeadlineSeconds")?.int64Value.map { Int($0) }
    }

    /// `status.active`: pods running (or pending).
    public var activePods: Int { Int(json.value(at: "status.active")?.int64Value ?? 0) }
    /// `status.succeeded`: pods that succeeded.
    public var succeededPods: Int { Int(json.value(at: "status.succeeded")?.int64Value ?? 0) }
    /// `status.failed`: pods that failed.
    public var failedPods: Int { Int(json.value(at: "status.failed")?.int64Value ?? 0) }
    /// `status.startTime` (RFC 3339).
    public var startTime: String? { json.value(at: "status.startTime")?.stringValue }
    /// `status.completionTime` (RFC 3339).
    public var completionTime: String? { json.value(at: "status.completionTime")?.stringValue }
    /// `status.conditions`.
    public var conditions: [ResourceCondition] { ResourceCondition.list(json.value(at: "status.conditions")) }

    /// The condition of `type` (`Complete`, `Failed`, `Suspended`), when present.
    public func condition(_ type: String) -> ResourceCondition? {
        conditions.first { $0.type == type }
    }

    /// Whether the Job has succeeded (condition `Complete` is true).
    public var isComplete: Bool { condition("Complete")?.isTrue ?? false }

    /// Whether the Job has failed (condition `Failed` is true; its reason says why, e.g. `BackoffLimitExceeded`).
    public var isFailed: Bool { condition("Failed")?.isTrue ?? false }

    /// Whether the Job has finished, either way.
    public var isFinished: Bool { isComplete || isFailed }
}
