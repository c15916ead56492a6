/// Where a kind of resource lives in the API (group, version, plural name, whether namespaced), and the Swift
/// type its objects are read as. Static members name the kinds this client uses (`.jobs`, `.pods`, ...); make
/// others with `init(group:version:kind:plural:isNamespaced:)` and `KubernetesObject`.
public struct ResourceKind<Resource: KubernetesResource>: Sendable, Hashable {
    /// The API group; empty for the core group (`v1`).
    public var group: String
    /// The API version (`v1`).
    public var version: String
    /// The kind (`Job`).
    public var kind: String
    /// The resource's plural name in URLs (`jobs`).
    public var plural: String
    /// Whether objects live in namespaces.
    public var isNamespaced: Bool

    /// A kind of resource.
    public init(group: String, version: String, kind: String, plural: String, isNamespaced: Bool) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.isNamespaced = isNamespaced
    }

    /// The `apiVersion` of objects (`batch/v1`, `v1`).
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL path of the API group version (`/api/v1`, `/apis/batch/v1`).
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The URL path of the collection in `namespace` (every namespace when nil), or of the object `name` in it,
    /// or of its `subresource`.
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var path = groupVersionPath
        if isNamespaced, let namespace { path += "/namespaces/" + URLEncoding.pathSegment(namespace) }
        path += "/" + plural
        if let name { path += "/" + URLEncoding.pathSegment(name) }
        if let subresource { path += "/" + subresource }
        return path
    }

    /// The same location, read as another type.
    public func reading<Other>(as type: Other.Type) -> ResourceKind<Other> {
        ResourceKind<Other>(group: group, version: version, kind: kind, plural: plural, isNamespaced: isNamespaced)
    }
}

extension ResourceKind where Resource == Job {
    /// batch/v1 Jobs.
    public static var jobs: ResourceKind<Job> {
        .init(group: "batch", version: "v1", kind: "Job", plural: "jobs", isNamespaced: true)
    }
}

extension ResourceKind where Resource == Pod {
    /// core/v1 Pods.
    public static var pods: ResourceKind<Pod> {
        .init(group: "", version: "v1", kind: "Pod", plural: "pods", isNamespaced: true)
    }
}

extension ResourceKind where Resource == Service {
    /// core/v1 Services.
    public static var services: ResourceKind<Service> {
        .init(group: "", version: "v1", kind: "Service", plural: "services", isNamespaced: true)
    }
}

extension ResourceKind where Resource == ConfigMap {
    /// core/v1 ConfigMaps.
    public static var configMaps: ResourceKind<ConfigMap> {
        .init(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", isNamespaced: true)
    }
}

extension ResourceKind where Resource == Secret {
    /// core/v1 Secrets.
    public static var secrets: ResourceKind<Secret> {
        .init(group: "", version: "v1", kind: "Secret", plural: "secrets", isNamespaced: true)
    }
}

extension ResourceKind where Resource == Event {
    /// core/v1 Events.
    public static var events: ResourceKind<Event> {
        .init(group: "", version: "v1", kind: "Event", plural: "events", isNamespaced: true)
    }
}

extension ResourceKind where Resource == KubernetesObject {
    /// core/v1 Namespaces (cluster-scoped), read untyped.
    public static var namespaces: ResourceKind<KubernetesObject> {
        .init(group: "", version: "v1", kind: "Namespace", plural: "namespaces", isNamespaced: false)
    }

    /// core/v1 Nodes (cluster-scoped), read untyped.
    public static var nodes: ResourceKind<KubernetesObject> {
        .init(group: "", version: "v1", kind: "Node", plural: "nodes", isNamespaced: false)
    }
}
