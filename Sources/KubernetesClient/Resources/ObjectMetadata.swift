import ServiceModel

/// An object's `metadata`, with typed accessors.
public struct ObjectMetadata: Sendable, Equatable {
    /// An `ownerReferences[]` entry.
    public struct OwnerReference: Sendable, Equatable {
        /// The owner's `apiVersion`.
        public var apiVersion: String
        /// The owner's kind.
        public var kind: String
        /// The owner's name.
        public var name: String
        /// The owner's UID.
        public var uid: String
        /// Whether the owner is the managing controller.
        public var isController: Bool
    }

    /// The whole `metadata` object.
    public var json: JSONValue

    /// Wraps a `metadata` object.
    public init(json: JSONValue) {
        self.json = json
    }

    /// `name`.
    public var name: String? {
        get { json["name"]?.stringValue }
        set { json.setMember("name", to: newValue.map { .string($0) }) }
    }

    /// `generateName`: a prefix to which the API server appends a random suffix.
    public var generateName: String? {
        get { json["generateName"]?.stringValue }
        set { json.setMember("generateName", to: newValue.map { .string($0) }) }
    }

    /// `namespace`.
    public var namespace: String? {
        get { json["namespace"]?.stringValue }
        set { json.setMember("namespace", to: newValue.map { .string($0) }) }
    }

    /// `labels`.
    public var labels: [String: String] {
        get { Self.strings(json["labels"]) }
        set { json.setMember("labels", to: newValue.isEmpty ? nil : .object(newValue.mapValues { .string($0) })) }
    }

    /// `annotations`.
    public var annotations: [String: String] {
        get { Self.strings(json["annotations"]) }
        set { json.setMember("annotations", to: newValue.isEmpty ? nil : .object(newValue.mapValues { .string($0) })) }
    }

    /// `resourceVersion`: the version of this object, for optimistic concurrency and watches.
    public var resourceVersion: String? { json["resourceVersion"]?.stringValue }

    /// `uid`.
    public var uid: String? { json["uid"]?.stringValue }

    /// `creationTimestamp` (RFC 3339).
    public var creationTimestamp: String? { json["creationTimestamp"]?.stringValue }

    /// `deletionTimestamp` (RFC 3339): set once deletion has started (finalizers pending).
    public var deletionTimestamp: String? { json["deletionTimestamp"]?.stringValue }

    /// Whether deletion has started.
    public var isBeingDeleted: Bool { deletionTimestamp != nil }

    /// `finalizers`.
    public var finalizers: [String] { (json["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue) }

    /// `ownerReferences`.
    public var ownerReferences: [OwnerReference] {
        (json["ownerReferences"]?.arrayValue ?? []).map { reference in
            OwnerReference(
                apiVersion: reference["apiVersion"]?.stringValue ?? "", kind: reference["kind"]?.stringValue ?? "",
                name: reference["name"]?.stringValue ?? "", uid: reference["uid"]?.stringValue ?? "",
                isController: reference["controller"]?.boolValue ?? false)
        }
    }

    static func strings(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}
