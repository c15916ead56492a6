import ServiceModel

/// A core/v1 Service.
public struct Service: KubernetesResource, Equatable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps a Service's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// `spec.type` (`ClusterIP`, `NodePort`, ...).
    public var type: String? { json.value(at: "spec.type")?.stringValue }
    /// `spec.clusterIP`; `None` for a headless Service.
    public var clusterIP: String? { json.value(at: "spec.clusterIP")?.stringValue }
    /// Whether the Service is headless (DNS records for its pods, no virtual IP).
    public var isHeadless: Bool { clusterIP == "None" }
    /// `spec.selector`.
    public var selector: [String: String] { ObjectMetadata.strings(json.value(at: "spec.selector")) }
}
