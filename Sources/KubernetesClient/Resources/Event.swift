import ServiceModel

/// A core/v1 Event: something that happened to an object (a pod scheduled, an image pull failing, ...).
public struct Event: KubernetesResource, Equatable {
    /// The object an event is about (`involvedObject`).
    public struct InvolvedObject: Sendable, Equatable {
        /// Its kind.
        public var kind: String?
        /// Its name.
        public var name: String?
        /// Its namespace.
        public var namespace: String?
        /// Its UID.
        public var uid: String?
        /// The part of it concerned (`spec.containers{algo}`).
        public var fieldPath: String?
    }

    /// The whole object.
    public var json: JSONValue

    /// Wraps an Event's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// `type`: `Normal` or `Warning`.
    public var type: String? { json["type"]?.stringValue }
    /// `reason` (`Scheduled`, `Failed`, `BackOff`, `SuccessfulCreate`...).
    public var reason: String? { json["reason"]?.stringValue }
    /// `message`.
    public var message: String? { json["message"]?.stringValue }
    /// `count`: how many times it happened.
    public var count: Int { Int(json["count"]?.int64Value ?? 1) }
    /// `firstTimestamp` (RFC 3339).
    public var firstTimestamp: String? { json["firstTimestamp"]?.stringValue }
    /// `lastTimestamp` (RFC 3339), else `eventTime`.
    public var lastTimestamp: String? { json["lastTimestamp"]?.stringValue ?? json["eventTime"]?.stringValue }
    /// `source.component` (`job-controller`, `kubelet`).
    public var sourceComponent: String? { json.value(at: "source.component")?.stringValue }
    /// `involvedObject`.
    public var involvedObject: InvolvedObject {
        let object = json["involvedObject"]
        return InvolvedObject(
            kind: object?["kind"]?.stringValue, name: object?["name"]?.stringValue,
            namespace: object?["namespace"]?.stringValue, uid: object?["uid"]?.stringValue,
            fieldPath: object?["fieldPath"]?.stringValue)
    }
}
