import Foundation
import KubeTestSupport
import KubernetesClient
import ServiceModel

extension SidecarFixture {
    static let serviceAccounts = ResourceKind<KubernetesObject>(
        group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", isNamespaced: true)
    static let roles = ResourceKind<KubernetesObject>(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", isNamespaced: true)
    static let roleBindings = ResourceKind<KubernetesObject>(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
        isNamespaced: true)

    /// A kubeconfig with the token of a new ServiceAccount `name`, as the runtime container gets it; with
    /// `watchingPods`, the account has the runtime's Role (get, list and watch pods), else no permission at all.
    func serviceAccountKubeconfig(_ name: String, watchingPods: Bool) async throws -> String {
        let metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
        _ = try await client.resources(Self.serviceAccounts, namespace: namespace).create(
            KubernetesObject(json: ["metadata": metadata]))
        if watchingPods {
            _ = try await client.resources(Self.roles, namespace: namespace).create(
                KubernetesObject(json: [
                    "metadata": metadata,
                    "rules": [["apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]]],
                ]))
            _ = try await client.resources(Self.roleBindings, namespace: namespace).create(
                KubernetesObject(json: [
                    "metadata": metadata,
                    "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(name)],
                    "subjects": [
                        ["kind": "ServiceAccount", "name": .string(name), "namespace": .string(namespace)]
                    ],
                ]))
        }
        // The token controller gives the account a token Secret.
        let secrets = client.resources(.secrets, namespace: namespace)
        var token: [UInt8]?
        try await eventually("a token for service account \(name)", timeout: .seconds(30)) {
            let account = try await client.resources(Self.serviceAccounts, namespace: namespace).get(name)
            guard let secret = account.json["secrets"]?.arrayValue?.first?["name"]?.stringValue else { return false }
            token = try await secrets.get(secret).data["token"]
            return token != nil
        }
        let admin = try String(contentsOfFile: cluster.kubeconfigPath, encoding: .utf8)
        let lines = admin.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.trimmingCharacters(in: .whitespaces).hasPrefix("token: ")
                ? "    token: " + String(decoding: token ?? [], as: UTF8.self) : String(line)
        }
        let path = directory + "/\(name).kubeconfig"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
