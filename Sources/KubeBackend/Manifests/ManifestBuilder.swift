import KubernetesClient
import ServiceModel
import TrainingJobs

/// Maps a training job to its Kubernetes manifests (pure: no I/O).
///
/// Per job: a root ConfigMap for the record, a ConfigMap of `input/config` files, a headless Service (for more than
/// one host: a single host resolves its own name from its pod's hosts file), and one batch/v1 Job per host (one Job per host runs on every cluster version: Indexed Jobs arrived in 1.21 and the
/// 1.20 API server silently drops `completionMode`). Each host's pod is `algo-N` in the Service's subdomain:
///
/// - init container `stage`: `sage-runtime stage` downloads the channels and restores checkpoints into the
///   `/opt/ml` volume;
/// - container `algo`: the training image as SageMaker starts it (its entry point with `train`, or
///   `ContainerEntrypoint` / `ContainerArguments`), with the contract's environment and the instance's resources;
///   its termination message is `/opt/ml/output/failure`, SageMaker's failure file;
/// - container `runtime`: `sage-runtime sidecar` follows checkpoints while `algo` runs, watches the pod until
///   `algo` has terminated, then (on `algo-1`) packages and uploads the outputs, and ends; its termination
///   message is its result (`model artifacts: s3://...`) or failure reason. A sidecar rather than a wrapper
///   entry point because a wrapper must replace the image's ENTRYPOINT, which cannot be known without reading
///   the image from its registry, and would have to run inside an image that lacks sage-runtime's libraries.
public struct ManifestBuilder: Sendable {
    /// The settings every job shares.
    public let settings: ManifestSettings

    /// A builder for `settings`.
    public init(settings: ManifestSettings) {
        self.settings = settings
    }

    /// Every object of `job`. Throws a validation error for an unknown instance type or too many hosts.
    public func makePlan(for job: TrainingJobSpecification) throws(KubeBackendError) -> KubeJobPlan {
        guard job.instanceCount <= KubeObjectName.maximumHostCount else {
            throw KubeBackendError(
                code: .tooManyHosts,
                message:
                    "InstanceCount \(job.instanceCount) exceeds \(KubeObjectName.maximumHostCount) on this platform")
        }
        let resources = try settings.instanceTypes.resources(for: job.instanceType)
        let names = KubeObjectName(trainingJobName: job.name)
        return KubeJobPlan(
            names: names,
            record: makeRecord(for: job, names: names),
            configuration: makeConfiguration(for: job, names: names, resources: resources),
            service: job.instanceCount > 1 ? makeService(for: job, names: names) : nil,
            jobs: job.hostNames.map { host in makeJob(for: job, host: host, names: names, resources: resources) })
    }

    /// The contract of `host`: `/opt/ml`, the master at `algo-1`, the instance's CPUs and GPUs.
    func contract(
        for job: TrainingJobSpecification, host: String, resources: InstanceResources
    ) -> ContainerContract {
        ContainerContract(
            job: job, currentHost: host, root: ContainerContract.containerRoot,
            master: (job.hostNames[0], settings.masterPort), cpuCount: resources.cpuCount,
            gpuCount: resources.gpuCount)
    }

    /// Metadata with the job's labels (plus `extraLabels`) and annotations.
    func metadata(
        name: String, role: String, job: TrainingJobSpecification, names: KubeObjectName,
        extraLabels: [String: String] = [:]
    ) -> ObjectMetadata {
        var metadata = ObjectMetadata(json: .object([:]))
        metadata.name = name
        metadata.namespace = settings.namespace
        metadata.labels = jobLabels(names).merging(extraLabels) { $1 }.merging([KubeLabels.role: role]) { $1 }
        metadata.annotations = jobAnnotations(job)
        return metadata
    }

    /// The annotations every object of the job (and its pods) carries.
    func jobAnnotations(_ job: TrainingJobSpecification) -> [String: String] {
        [
            KubeLabels.trainingJobNameAnnotation: job.name, KubeLabels.trainingJobARNAnnotation: job.arn,
            KubeLabels.hostCountAnnotation: String(job.instanceCount),
        ]
    }

    /// The labels every object of the job carries.
    func jobLabels(_ names: KubeObjectName) -> [String: String] {
        [KubeLabels.managedBy: KubeLabels.manager, KubeLabels.trainingJob: names.base]
    }

    /// The root: an empty record (``TrainingJobRecord/encode(_:into:)`` fills it).
    func makeRecord(for job: TrainingJobSpecification, names: KubeObjectName) -> ConfigMap {
        var record = ConfigMap(json: ["data": .object([:])])
        record.metadata = metadata(name: names.record, role: "record", job: job, names: names)
        return record
    }

    /// `hyperparameters.json`, `inputdataconfig.json`, `checkpointconfig.json` (when configured), one
    /// `algo-N.resourceconfig.json` per host, and `job.json` for the runtime.
    func makeConfiguration(
        for job: TrainingJobSpecification, names: KubeObjectName, resources: InstanceResources
    ) -> ConfigMap {
        var data: [String: String] = [ConfigurationKeys.job: job.document.jsonString]
        for host in job.hostNames {
            let contract = contract(for: job, host: host, resources: resources)
            data[ConfigurationKeys.resourceConfig(for: host)] = contract.resourceConfigDocument.jsonString
            if host == job.hostNames[0] {
                data[ConfigurationKeys.hyperParameters] = contract.hyperParametersDocument.jsonString
                data[ConfigurationKeys.inputDataConfig] = contract.inputDataConfigDocument.jsonString
                if let checkpoint = contract.checkpointConfigDocument {
                    data[ConfigurationKeys.checkpointConfig] = checkpoint.jsonString
                }
            }
        }
        var configuration = ConfigMap(json: ["data": .strings(data)])
        configuration.metadata = metadata(name: names.configuration, role: "config", job: job, names: names)
        return configuration
    }

    /// The headless Service: the hosts' subdomain, with records for pods that are not ready yet.
    func makeService(for job: TrainingJobSpecification, names: KubeObjectName) -> Service {
        var service = Service(json: [
            "spec": [
                "clusterIP": "None",
                "selector": .strings(jobLabels(names)),
                "publishNotReadyAddresses": true,
                "ports": [
                    [
                        "name": "master", "protocol": "TCP", "port": .int(Int64(settings.masterPort)),
                        "targetPort": .int(Int64(settings.masterPort)),
                    ]
                ],
            ]
        ])
        service.metadata = metadata(name: names.service, role: "service", job: job, names: names)
        return service
    }

    /// The Job of `host`: one pod, no parallelism, retries from `RetryStrategy`, the deadline from
    /// `MaxRuntimeInSeconds`, no TTL (the record, not the Job, keeps the outcome).
    func makeJob(
        for job: TrainingJobSpecification, host: String, names: KubeObjectName, resources: InstanceResources
    ) -> Job {
        let retries = job.request["RetryStrategy"]?["MaximumRetryAttempts"]?.int64Value ?? 0
        var kubeJob = Job(json: [
            "spec": [
                "parallelism": 1,
                "completions": 1,
                "backoffLimit": .int(max(0, retries)),
                "activeDeadlineSeconds": .int(Int64(job.maxRuntimeInSeconds)),
                "template": makePodTemplate(for: job, host: host, names: names, resources: resources),
            ]
        ])
        kubeJob.metadata = metadata(
            name: names.job(forHost: host), role: "host", job: job, names: names, extraLabels: [KubeLabels.host: host])
        return kubeJob
    }
}

/// The keys of the configuration ConfigMap.
enum ConfigurationKeys {
    static let job = "job.json"
    static let hyperParameters = "hyperparameters.json"
    static let inputDataConfig = "inputdataconfig.json"
    static let checkpointConfig = "checkpointconfig.json"
    static let resourceConfigFile = "resourceconfig.json"

    /// The key of `host`'s `resourceconfig.json` (`algo-2.resourceconfig.json`).
    static func resourceConfig(for host: String) -> String { "\(host).\(resourceConfigFile)" }
}
