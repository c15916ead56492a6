import Foundation
import ServiceModel

/// A core/v1 Secret.
public struct Secret: KubernetesResource, Equatable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps a Secret's JSON.
    public init(json: JSONValue) {
        self.json = json
    }

    /// A Secret named `name` holding `data` (sent base64-encoded, as the API wants).
    public init(
        name: String, namespace: String? = nil, type: String = "Opaque", labels: [String: String] = [:],
        data: [String: [UInt8]]
    ) {
        json = [
            "type": .string(type),
            "data": .object(data.mapValues { .string(Data($0).base64EncodedString()) }),
        ]
        metadata.name = name
        metadata.namespace = namespace
        metadata.labels = labels
    }

    /// `type` (`Opaque`, `kubernetes.io/dockerconfigjson`, ...).
    public var type: String? { json["type"]?.stringValue }

    /// `data`, decoded from base64 (entries that are not valid base64 are left out).
    public var data: [String: [UInt8]] {
        ObjectMetadata.strings(json["data"]).compactMapValues { Data(base64Encoded: $0).map { Array($0) } }
    }
}
