import KubernetesClient
import ServiceModel

/// Every Kubernetes object of one training job, ready to create: the root record first, then (once the root
/// exists and has a UID) its dependents from ``owned(by:)``.
///
/// Deleting the root with propagation `Background` lets the garbage collector remove the rest: the
/// configuration, the Service, the Jobs and, through the Jobs, their pods.
public struct KubeJobPlan: Sendable, Equatable {
    /// The job's Kubernetes names.
    public var names: KubeObjectName
    /// The root object: a ConfigMap holding the job's record (``TrainingJobRecord``).
    public var record: ConfigMap
    /// The ConfigMap of `input/config` files (per-host `resourceconfig.json`) and the runtime's `job.json`.
    public var configuration: ConfigMap
    /// The headless Service that is the hosts' subdomain; nil for a one-host job (its pod resolves its own name).
    public var service: Service?
    /// One batch/v1 Job per host, `algo-1` first.
    public var jobs: [Job]

    /// The dependents (configuration, Service, Jobs) with an owner reference to `root`, the record as created.
    public func owned(by root: ConfigMap) throws(KubeBackendError) -> KubeJobPlan {
        let reference = try Self.ownerReference(to: root)
        var plan = self
        plan.record = root
        plan.configuration.metadata = Self.adding(reference, to: configuration.metadata)
        if let metadata = service?.metadata { plan.service?.metadata = Self.adding(reference, to: metadata) }
        plan.jobs = jobs.map { job in
            var job = job
            job.metadata = Self.adding(reference, to: job.metadata)
            return job
        }
        return plan
    }

    /// The owner reference to the root record `root`: not the controller, blocking the owner's foreground deletion.
    public static func ownerReference(to root: ConfigMap) throws(KubeBackendError) -> JSONValue {
        guard let uid = root.metadata.uid, !uid.isEmpty, let name = root.metadata.name else {
            throw KubeBackendError(
                code: .missingOwner, message: "the root record has no UID: create it before its dependents")
        }
        return [
            "apiVersion": "v1", "kind": "ConfigMap", "name": .string(name), "uid": .string(uid),
            "controller": false, "blockOwnerDeletion": true,
        ]
    }

    private static func adding(_ reference: JSONValue, to metadata: ObjectMetadata) -> ObjectMetadata {
        let references = (metadata.json["ownerReferences"]?.arrayValue ?? []) + [reference]
        return ObjectMetadata(json: metadata.json.setting("ownerReferences", to: .array(references)))
    }
}
