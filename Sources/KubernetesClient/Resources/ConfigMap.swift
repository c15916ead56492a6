import ServiceModel

/// A core/v1 ConfigMap.
public struct ConfigMap: KubernetesResource, Equatable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps a ConfigMap's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// A ConfigMap named `name` holding `data`.
    public init(name: String, namespace: String? = nil, labels: [String: String] = [:], data: [String: String]) {
        json = ["data": .object(data.mapValues { .string($0) })]
        metadata.name = name
        metadata.namespace = namespace
        metadata.labels = labels
    }

    /// `data`.
    public var data: [String: String] { ObjectMetadata.strings(json["data"]) }
}
