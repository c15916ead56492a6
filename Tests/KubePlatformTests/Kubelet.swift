import Foundation
import KubeBackend
import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing

/// Plays the kubelet for the test cluster (which has none): binds the Job controller's pods to a Node object and
/// moves their containers through their states by patching `pods/status`.
struct Kubelet {
    static let nodeName = "fake-node"
    let client: KubernetesClient
    let namespace: String
    var pods: ResourceClient<Pod> { client.resources(.pods, namespace: namespace) }

    /// A container state for a status patch.
    enum State {
        case waiting(String, String? = nil)
        case running
        case terminated(Int, reason: String? = nil, message: String? = nil)

        var json: JSONValue {
            switch self {
            case .waiting(let reason, let message):
                var waiting: [String: JSONValue] = ["reason": .string(reason)]
                if let message { waiting["message"] = .string(message) }
                return ["waiting": .object(waiting)]
            case .running:
                return ["running": ["startedAt": .string(Kubelet.now())]]
            case .terminated(let code, let reason, let message):
                var terminated: [String: JSONValue] = [
                    "exitCode": .int(Int64(code)), "reason": .string(reason ?? (code == 0 ? "Completed" : "Error")),
                ]
                if let message { terminated["message"] = .string(message) }
                return ["terminated": .object(terminated)]
            }
        }
    }

    /// Prepares `namespace`: the runtime's service account (pods are admitted only once it exists) and the node.
    static func prepare(client: KubernetesClient, namespace: String) async throws -> Kubelet {
        let access = RuntimeAccess(settings: ManifestSettings(namespace: namespace))
        _ = try await client.resources(RuntimeAccess.serviceAccounts, namespace: namespace).create(
            access.serviceAccount)
        do {
            _ = try await client.resources(.nodes).create(
                KubernetesObject(json: ["metadata": ["name": .string(nodeName)]]))
        } catch  where error.reason == .alreadyExists {}
        return Kubelet(client: client, namespace: namespace)
    }

    /// The current pod of `host` of the job `name`, once the Job controller made it; bound to the node.
    func pod(of name: String, host: String = "algo-1", timeout: Duration = .seconds(40)) async throws -> Pod {
        let selector = "\(KubeLabels.selector(for: KubeObjectName(trainingJobName: name))),\(KubeLabels.host)=\(host)"
        var found: Pod?
        try await eventually("a pod for \(name)/\(host)", timeout: timeout) {
            found = try await pods.list(ListOptions(labelSelector: selector)).items.first {
                !$0.metadata.isBeingDeleted
            }
            return found != nil
        }
        let pod = try #require(found)
        if pod.nodeName == nil {
            let binding: JSONValue = [
                "apiVersion": "v1", "kind": "Binding", "metadata": ["name": .string(pod.name)],
                "target": ["apiVersion": "v1", "kind": "Node", "name": .string(Self.nodeName)],
            ]
            _ = try await pods.create(binding, subresource: "binding", of: pod.name)
        }
        return try await pods.get(pod.name)
    }

    /// Sets the pod's phase and container states.
    @discardableResult
    func set(
        _ pod: Pod, phase: String, stage: State? = nil, algo: State? = nil, runtime: State? = nil
    ) async throws -> Pod {
        func status(_ name: String, _ state: State?) -> JSONValue? {
            guard let state else { return nil }
            return [
                "name": .string(name), "ready": false, "restartCount": 0, "image": "registry.example/trainer:1",
                "imageID": "", "state": state.json,
            ]
        }
        var body: [String: JSONValue] = ["phase": .string(phase), "startTime": .string(Self.now())]
        if let stage = status("stage", stage) { body["initContainerStatuses"] = [stage] }
        let containers = [status("algo", algo), status("runtime", runtime)].compactMap { $0 }
        if !containers.isEmpty { body["containerStatuses"] = .array(containers) }
        return try await pods.patch(pod.name, with: ["status": .object(body)], subresource: "status")
    }

    /// Removes a pod at once (the kubelet's last step after its containers ended).
    func remove(_ pod: Pod) async throws {
        do {
            try await pods.delete(pod.name, options: DeleteOptions(gracePeriodSeconds: 0))
        } catch  where error.reason == .notFound {}
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
