import ServiceModel

/// A Kubernetes object held as its JSON, with typed accessors for the fields this client uses. Conforming types
/// are thin wrappers: anything not covered stays reachable through `json`.
public protocol KubernetesResource: Sendable {
    /// The whole object.
    var json: JSONValue { get set }
    /// Wraps an object's JSON (no validation: the API server validates).
    init(json: JSONValue)
}

extension KubernetesResource {
    /// The object's metadata.
    public var metadata: ObjectMetadata {
        get { ObjectMetadata(json: json["metadata"] ?? .object([:])) }
        set { json.setMember("metadata", to: newValue.json) }
    }

    /// `metadata.name`, or "" when unset.
    public var name: String { metadata.name ?? "" }

    /// `metadata.namespace`, when set.
    public var namespace: String? { metadata.namespace }

    /// `kind`, when set.
    public var kind: String? { json["kind"]?.stringValue }

    /// `spec`, when set.
    public var spec: JSONValue? { json["spec"] }
}

extension JSONValue {
    /// Sets (or, with nil, removes) a member; a non-object becomes an object first.
    mutating func setMember(_ key: String, to value: JSONValue?) {
        var members = objectValue ?? [:]
        members[key] = value
        self = .object(members)
    }

    /// The member at a dotted path of object keys (`status.phase`).
    func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }
}
