import KubernetesClient
import Logging
import ServiceModel
import TrainingJobs

extension KubeBackend {
    /// Creates the job's objects under its root record (which the store created): the configuration, the
    /// Service (for several hosts), then one Job per host. Objects that exist already are kept (a retried launch).
    func create(_ job: TrainingJobSpecification) async throws {
        let plan = try builder.makePlan(for: job)
        var root = plan.record
        if let uid = records?.takeCreatedRootUID(of: job.name) {
            root.metadata = ObjectMetadata(json: root.metadata.json.setting("uid", to: .string(uid)))
        } else {
            root = try await client.resources(.configMaps, namespace: settings.namespace).get(plan.names.record)
        }
        let owned = try plan.owned(by: root)
        try await Self.create(owned.configuration, in: client.resources(.configMaps, namespace: settings.namespace))
        if let service = owned.service {
            try await Self.create(service, in: client.resources(.services, namespace: settings.namespace))
        }
        for hostJob in owned.jobs {
            try await Self.create(hostJob, in: client.resources(.jobs, namespace: settings.namespace))
        }
        logger.info(
            "job created in the cluster",
            metadata: ["training-job.name": "\(job.name)", "kubernetes.name": "\(plan.names.base)"])
    }

    /// Deletes every host's Job of `name`; the garbage collector then deletes their pods with the pods' grace
    /// period (SIGTERM, 120 s for the algorithm to save and the sidecar to upload).
    func deleteHosts(of name: String) async {
        let names = KubeObjectName(trainingJobName: name)
        let jobs = client.resources(.jobs, namespace: settings.namespace)
        let listed: [Job]
        do {
            listed = try await jobs.listAll(ListOptions(labelSelector: KubeLabels.selector(for: names))).items
        } catch {
            logger.error(
                "listing a job's hosts failed", metadata: ["training-job.name": "\(name)", "error": "\(error)"])
            return
        }
        for job in listed where !job.metadata.isBeingDeleted {
            do {
                try await jobs.delete(job.name, options: DeleteOptions(propagationPolicy: .background))
            } catch  where error.reason == .notFound {
                continue
            } catch {
                logger.error(
                    "deleting a host's Job failed",
                    metadata: ["training-job.name": "\(name)", "kubernetes.name": "\(job.name)", "error": "\(error)"])
            }
        }
    }

    /// Creates `object`, unless it exists.
    private static func create<Resource>(
        _ object: Resource, in resources: ResourceClient<Resource>
    ) async throws(KubernetesError) {
        do {
            _ = try await resources.create(object)
        } catch  where error.reason == .alreadyExists {
            return
        }
    }
}
