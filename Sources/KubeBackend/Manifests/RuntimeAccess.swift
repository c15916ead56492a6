import KubernetesClient
import ServiceModel

/// The namespace's objects (not per job) that let the runtime sidecar watch its own pod: a ServiceAccount, a
/// Role to get, list and watch pods, and the RoleBinding between them. Only the `runtime` container mounts the
/// account's token; the algorithm's container gets none (`automountServiceAccountToken: false`).
public struct RuntimeAccess: Sendable, Equatable {
    /// The ServiceAccount.
    public var serviceAccount: KubernetesObject
    /// The Role.
    public var role: KubernetesObject
    /// The RoleBinding.
    public var roleBinding: KubernetesObject

    /// The objects for `settings`' namespace and service account.
    public init(settings: ManifestSettings) {
        let name = settings.serviceAccountName
        let labels: JSONValue = [KubeLabels.managedBy: .string(KubeLabels.manager)]
        func metadata() -> JSONValue {
            ["name": .string(name), "namespace": .string(settings.namespace), "labels": labels]
        }
        serviceAccount = KubernetesObject(json: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata()])
        role = KubernetesObject(json: [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": metadata(),
            "rules": [["apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]]],
        ])
        roleBinding = KubernetesObject(json: [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": metadata(),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(name)],
            "subjects": [["kind": "ServiceAccount", "name": .string(name), "namespace": .string(settings.namespace)]],
        ])
    }

    /// core/v1 ServiceAccounts.
    public static let serviceAccounts = ResourceKind<KubernetesObject>(
        group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", isNamespaced: true)
    /// rbac.authorization.k8s.io/v1 Roles.
    public static let roles = ResourceKind<KubernetesObject>(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", isNamespaced: true)
    /// rbac.authorization.k8s.io/v1 RoleBindings.
    public static let roleBindings = ResourceKind<KubernetesObject>(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
        isNamespaced: true)
}
