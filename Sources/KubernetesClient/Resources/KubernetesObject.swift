import ServiceModel

/// Any Kubernetes object, untyped: for kinds without a wrapper of their own (Namespaces, Nodes, ...).
public struct KubernetesObject: KubernetesResource, Equatable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps an object's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// An object with just a name (and namespace), for creating simple objects such as Namespaces.
    public init(name: String, namespace: String? = nil) {
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        json = ["metadata": .object(metadata)]
    }
}
