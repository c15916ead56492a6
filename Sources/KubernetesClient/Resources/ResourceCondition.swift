import ServiceModel

/// A `status.conditions[]` entry (of a Job, a Pod, ...).
public struct ResourceCondition: Sendable, Equatable {
    /// The condition's type (`Complete`, `Failed`, `Ready`, `PodScheduled`).
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// A machine-readable reason (`BackoffLimitExceeded`).
    public var reason: String?
    /// A human-readable message.
    public var message: String?
    /// When the status last changed (RFC 3339).
    public var lastTransitionTime: String?

    /// Whether the status is `True`.
    public var isTrue: Bool { status == "True" }

    /// The conditions of a `conditions` array.
    static func list(_ value: JSONValue?) -> [ResourceCondition] {
        (value?.arrayValue ?? []).map { condition in
            ResourceCondition(
                type: condition["type"]?.stringValue ?? "", status: condition["status"]?.stringValue ?? "",
                reason: condition["reason"]?.stringValue, message: condition["message"]?.stringValue,
                lastTransitionTime: condition["lastTransitionTime"]?.stringValue)
        }
    }
}
