import ServiceModel
import TrainingJobs

extension ManifestBuilder {
    /// The seconds between the runtime sidecar's checkpoint pushes.
    static let checkpointInterval = 10

    /// Init container `stage`: `sage-runtime stage` fills the ML root (channels, checkpoints); `input/config`
    /// comes from the ConfigMap. Its failure reason is its termination message.
    func makeStageContainer(for job: TrainingJobSpecification, host: String) -> JSONValue {
        let command = [
            PodPaths.runtimeExecutable, "stage", "--job", PodPaths.jobDocument, "--host", host,
            "--root", PodPaths.mlRoot, "--no-config", "--failure-file", PodPaths.failureFile,
        ]
        return [
            "name": "stage",
            "image": .string(settings.runtimeImage),
            "imagePullPolicy": .string(settings.imagePullPolicy.rawValue),
            "command": .strings(command.map(KubeEnvironment.escaped)),
            "env": .array(runtimeEnvironment()),
            "envFrom": [["secretRef": ["name": .string(settings.s3SecretName), "optional": true]]],
            "volumeMounts": .array(sharedMounts(for: job) + [runtimeJobMount]),
            "resources": runtimeResources,
            "terminationMessagePath": .string(PodPaths.failureFile),
            "terminationMessagePolicy": "FallbackToLogsOnError",
        ]
    }

    /// Container `algo`: the training image as SageMaker runs it, with the contract's environment, the instance's
    /// resources (requests equal to limits) and `VolumeSizeInGB` of ephemeral storage.
    func makeAlgorithmContainer(
        for job: TrainingJobSpecification, host: String, resources: InstanceResources
    ) -> JSONValue {
        let environment = contract(for: job, host: host, resources: resources).environment
        var quantities: [String: JSONValue] = [
            "cpu": .string(resources.cpuQuantity), "memory": .string(resources.memory),
            "ephemeral-storage": .string(Self.volumeSize(job)),
        ]
        if resources.gpuCount > 0 {
            quantities[settings.instanceTypes.gpuResourceName] = .string(String(resources.gpuCount))
        }
        var container: [String: JSONValue] = [
            "name": "algo",
            "image": .string(job.trainingImage),
            "imagePullPolicy": .string(settings.imagePullPolicy.rawValue),
            "args": .strings(Self.arguments(for: job).map(KubeEnvironment.escaped)),
            "env": .array(KubeEnvironment.variables(environment)),
            "resources": ["requests": .object(quantities), "limits": .object(quantities)],
            "volumeMounts": .array(
                sharedMounts(for: job) + [
                    ["name": "config", "mountPath": .string(PodPaths.configuration), "readOnly": true]
                ]),
            "terminationMessagePath": .string(PodPaths.failureFile),
            "terminationMessagePolicy": "FallbackToLogsOnError",
        ]
        if let entrypoint = job.containerEntrypoint {
            container["command"] = .strings(entrypoint.map(KubeEnvironment.escaped))
        }
        return .object(container)
    }

    /// Container `runtime`: `sage-runtime sidecar` follows checkpoints while `algo` runs, waits (watching its own
    /// pod through the API) until `algo` has terminated, then on `algo-1` uploads the outputs, and exits. The
    /// result (`model artifacts: ...`) or the failure reason is its termination message.
    func makeRuntimeContainer(for job: TrainingJobSpecification, host: String) -> JSONValue {
        var command = [
            PodPaths.runtimeExecutable, "sidecar", "--job", PodPaths.jobDocument, "--host", host,
            "--root", PodPaths.mlRoot, "--container", "algo", "--checkpoint-interval", String(Self.checkpointInterval),
            "--failure-file", PodPaths.terminationLog, "--result-file", PodPaths.terminationLog,
        ]
        if host == job.hostNames[0] { command.append("--upload") }
        let podFields: [JSONValue] = [("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace")].map {
            ["name": .string($0.0), "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": .string($0.1)]]]
        }
        return [
            "name": "runtime",
            "image": .string(settings.runtimeImage),
            "imagePullPolicy": .string(settings.imagePullPolicy.rawValue),
            "command": .strings(command.map(KubeEnvironment.escaped)),
            "env": .array(runtimeEnvironment() + podFields),
            "envFrom": [["secretRef": ["name": .string(settings.s3SecretName), "optional": true]]],
            "volumeMounts": .array(
                sharedMounts(for: job) + [
                    runtimeJobMount,
                    ["name": "runtime-token", "mountPath": .string(PodPaths.serviceAccount), "readOnly": true],
                ]),
            "resources": runtimeResources,
            "terminationMessagePolicy": "FallbackToLogsOnError",
        ]
    }

    /// SageMaker's arguments: `ContainerArguments`, else `train` unless `ContainerEntrypoint` replaces the image's.
    static func arguments(for job: TrainingJobSpecification) -> [String] {
        job.containerArguments ?? (job.containerEntrypoint == nil ? ["train"] : [])
    }

    /// The runtime's S3 settings (credentials come from the Secret).
    func runtimeEnvironment() -> [JSONValue] {
        var environment = ["AWS_REGION": settings.region, "AWS_DEFAULT_REGION": settings.region]
        if let endpoint = settings.s3EndpointURL { environment["AWS_ENDPOINT_URL_S3"] = endpoint }
        return KubeEnvironment.variables(environment)
    }

    /// The job document, read-only, for the runtime containers.
    var runtimeJobMount: JSONValue {
        ["name": "job", "mountPath": .string(PodPaths.runtimeDirectory), "readOnly": true]
    }

    /// The runtime containers' requests and limits.
    var runtimeResources: JSONValue {
        let quantities: JSONValue = ["cpu": .string(settings.runtimeCPU), "memory": .string(settings.runtimeMemory)]
        return ["requests": quantities, "limits": quantities]
    }
}
