import KubernetesClient
import ServiceModel
import Testing
import TrainingJobs

@testable import KubeBackend

@Suite struct ManifestBuilderTests {
    static let settings = ManifestSettings(namespace: "ml", s3EndpointURL: "http://minio.storage:9000")

    static func plan(_ job: TrainingJobSpecification = SampleJobs.job()) throws -> KubeJobPlan {
        try ManifestBuilder(settings: settings).makePlan(for: job)
    }

    /// The container `name` of a Job's pod template (init containers included).
    static func container(_ name: String, of job: Job) throws -> JSONValue {
        let spec = try #require(job.json["spec"]?["template"]?["spec"])
        let all = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        return try #require(all.first { $0["name"]?.stringValue == name })
    }

    static func environment(_ container: JSONValue) -> [String: String] {
        var result: [String: String] = [:]
        for entry in container["env"]?.arrayValue ?? [] {
            if let name = entry["name"]?.stringValue { result[name] = entry["value"]?.stringValue }
        }
        return result
    }

    @Test func everyObjectCarriesTheJobsLabelsAndAnnotations() throws {
        let plan = try Self.plan()
        let metadata =
            [plan.record.metadata, plan.configuration.metadata, try #require(plan.service).metadata]
            + plan.jobs.map(\.metadata)
        for entry in metadata {
            #expect(entry.labels[KubeLabels.trainingJob] == plan.names.base)
            #expect(entry.labels[KubeLabels.managedBy] == "sagetrain")
            #expect(entry.annotations[KubeLabels.trainingJobNameAnnotation] == "MNIST-Train-1")
            #expect(entry.annotations[KubeLabels.trainingJobARNAnnotation]?.hasPrefix("arn:aws:sagemaker:") == true)
            #expect(entry.namespace == "ml")
        }
        #expect(plan.jobs.map(\.name) == [plan.names.job(forHost: "algo-1"), plan.names.job(forHost: "algo-2")])
        #expect(plan.jobs.map { $0.metadata.labels[KubeLabels.host] } == ["algo-1", "algo-2"])
    }

    @Test func theConfigurationHoldsTheContractFilesPerHost() throws {
        let plan = try Self.plan()
        let data = plan.configuration.data
        #expect(
            Set(data.keys) == [
                "job.json", "hyperparameters.json", "inputdataconfig.json", "checkpointconfig.json",
                "algo-1.resourceconfig.json", "algo-2.resourceconfig.json",
            ])
        let second = try JSONValue(parsing: try #require(data["algo-2.resourceconfig.json"]))
        #expect(second["current_host"] == "algo-2")
        #expect(second["hosts"] == ["algo-1", "algo-2"])
        let document = try JSONValue(parsing: try #require(data["job.json"]))
        #expect(TrainingJobSpecification(document: document) == SampleJobs.job())
        // Each host's pod projects its own resourceconfig.json.
        let volumes = try #require(plan.jobs[1].json["spec"]?["template"]?["spec"]?["volumes"]?.arrayValue)
        let config = try #require(volumes.first { $0["name"] == "config" })
        #expect(
            config["configMap"]?["items"]?.arrayValue?.contains([
                "key": "algo-2.resourceconfig.json", "path": "resourceconfig.json",
            ]) == true)
    }

    @Test func theServiceIsHeadlessAndSelectsTheJobsPods() throws {
        let plan = try Self.plan()
        let service = try #require(plan.service)
        #expect(service.isHeadless)
        #expect(service.selector == [KubeLabels.trainingJob: plan.names.base, KubeLabels.managedBy: "sagetrain"])
        #expect(service.json["spec"]?["publishNotReadyAddresses"] == true)
        // One host needs no Service: its pod resolves its own name.
        let single = try Self.plan(SampleJobs.job(instanceCount: 1))
        #expect(single.service == nil)
        let spec = single.jobs[0].json["spec"]?["template"]?["spec"]
        #expect(spec?["hostname"] == "algo-1" && spec?["subdomain"] == nil && spec?["dnsConfig"] == nil)
    }

    @Test func eachJobRunsOneNamedHostWithSageMakersLimits() throws {
        let job = SampleJobs.job(extra: ["RetryStrategy": ["MaximumRetryAttempts": 2]])
        let plan = try Self.plan(job)
        let kubeJob = plan.jobs[1]
        #expect(kubeJob.parallelism == 1 && kubeJob.completions == 1)
        #expect(kubeJob.backoffLimit == 2)
        #expect(kubeJob.activeDeadlineSeconds == 3600)
        #expect(kubeJob.json["spec"]?["ttlSecondsAfterFinished"] == nil)
        #expect(try Self.plan().jobs[0].backoffLimit == 0)
        let pod = try #require(kubeJob.json["spec"]?["template"])
        #expect(pod["metadata"]?["labels"]?[KubeLabels.host] == "algo-2")
        let spec = try #require(pod["spec"])
        #expect(spec["hostname"] == "algo-2")
        #expect(spec["subdomain"]?.stringValue == plan.names.service)
        #expect(spec["dnsConfig"]?["searches"] == [.string("\(plan.names.service).ml.svc.cluster.local")])
        #expect(spec["restartPolicy"] == "Never")
        #expect(spec["terminationGracePeriodSeconds"] == 120)
        #expect(spec["automountServiceAccountToken"] == false)
        #expect(spec["initContainers"]?.arrayValue?.count == 1)
        #expect(spec["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["algo", "runtime"])
    }

    @Test func theAlgorithmContainerFollowsTheContract() throws {
        let plan = try Self.plan()
        let algo = try Self.container("algo", of: plan.jobs[1])
        #expect(algo["image"] == "registry.example/trainer:1")
        #expect(algo["command"] == nil)
        #expect(algo["args"] == ["train"])
        #expect(algo["terminationMessagePath"] == "/opt/ml/output/failure")
        #expect(algo["terminationMessagePolicy"] == "FallbackToLogsOnError")
        let env = Self.environment(algo)
        #expect(env["MASTER_ADDR"] == "algo-1")
        #expect(env["MASTER_PORT"] == "29500")
        #expect(env["WORLD_SIZE"] == "2")
        #expect(env["RANK"] == "1")
        #expect(env["SM_CURRENT_HOST"] == "algo-2")
        #expect(env["SM_NUM_CPUS"] == "4")
        #expect(env["SM_CHANNEL_TRAIN"] == "/opt/ml/input/data/train")
        #expect(env["MODE"] == "test")
        #expect(env["SM_HP_PATH"] == "$$(HOME)/x", "escaped so the kubelet gives back $(HOME)/x")
        #expect(env["AWS_SECRET_ACCESS_KEY"] == nil)
        let limits: JSONValue = ["cpu": "4", "memory": "16Gi", "ephemeral-storage": "5Gi"]
        #expect(algo["resources"] == ["requests": limits, "limits": limits])
    }

    @Test func entrypointAndArgumentsReplaceTheImagesAndGPUsAreRequested() throws {
        let job = SampleJobs.job(
            instanceType: "ml.p3.8xlarge", instanceCount: 1,
            extra: [
                "AlgorithmSpecification": [
                    "TrainingImage": "img", "TrainingInputMode": "File", "ContainerEntrypoint": ["python", "train.py"],
                    "ContainerArguments": ["--cost", "$5"],
                ]
            ])
        let algo = try Self.container("algo", of: try Self.plan(job).jobs[0])
        #expect(algo["command"] == ["python", "train.py"])
        #expect(algo["args"] == ["--cost", "$$5"])
        #expect(algo["resources"]?["limits"]?["nvidia.com/gpu"] == "4")
        #expect(Self.environment(algo)["SM_NUM_GPUS"] == "4")
        let entrypointOnly = SampleJobs.job(
            extra: ["AlgorithmSpecification": ["TrainingImage": "img", "ContainerEntrypoint": ["/run"]]])
        #expect(try Self.container("algo", of: try Self.plan(entrypointOnly).jobs[0])["args"] == [])
    }

    @Test func theRuntimeStagesBeforeAndUploadsAfterFromAlgo1Only() throws {
        let plan = try Self.plan()
        let stage = try Self.container("stage", of: plan.jobs[0])
        #expect(stage["image"] == "sagetrain-trainer:latest")
        #expect(stage["command"]?.arrayValue?.contains("--no-config") == true)
        #expect(stage["envFrom"] == [["secretRef": ["name": "sagetrain-s3", "optional": true]]])
        #expect(Self.environment(stage)["AWS_ENDPOINT_URL_S3"] == "http://minio.storage:9000")
        let first = try Self.container("runtime", of: plan.jobs[0])
        let second = try Self.container("runtime", of: plan.jobs[1])
        #expect(first["command"]?.arrayValue?.contains("--upload") == true)
        #expect(second["command"]?.arrayValue?.contains("--upload") == false)
        let mounts = first["volumeMounts"]?.arrayValue?.compactMap { $0["mountPath"]?.stringValue } ?? []
        #expect(mounts.contains("/var/run/secrets/kubernetes.io/serviceaccount"))
        let algoMounts = try Self.container("algo", of: plan.jobs[0])["volumeMounts"]?.arrayValue ?? []
        #expect(!algoMounts.contains { $0["name"] == "runtime-token" || $0["name"] == "job" })
    }

    @Test func aCheckpointPathOutsideTheMLRootGetsASharedVolume() throws {
        let job = SampleJobs.job(extra: ["CheckpointConfig": ["S3Uri": "s3://c/", "LocalPath": "/checkpoints"]])
        let plan = try Self.plan(job)
        for name in ["stage", "algo", "runtime"] {
            let mounts = try Self.container(name, of: plan.jobs[0])["volumeMounts"]?.arrayValue ?? []
            #expect(mounts.contains(["name": "checkpoints", "mountPath": "/checkpoints"]))
        }
    }

    @Test func unknownInstanceTypesAndTooManyHostsAreValidationErrors() {
        let builder = ManifestBuilder(settings: Self.settings)
        let unknown = #expect(throws: KubeBackendError.self) {
            try builder.makePlan(for: SampleJobs.job(instanceType: "ml.nope.large"))
        }
        #expect(unknown?.isValidation == true)
        let many = #expect(throws: KubeBackendError.self) {
            try builder.makePlan(for: SampleJobs.job(instanceCount: 10_000))
        }
        #expect(many?.code == .tooManyHosts)
    }

    @Test func ownerReferencesNeedTheCreatedRoot() throws {
        let plan = try Self.plan()
        #expect(throws: KubeBackendError.self) { try plan.owned(by: plan.record) }
        var root = plan.record
        root.json = root.json.setting("metadata", to: root.metadata.json.setting("uid", to: "uid-1"))
        let owned = try plan.owned(by: root)
        for metadata in [owned.configuration.metadata, try #require(owned.service).metadata]
            + owned.jobs.map(\.metadata)
        {
            let reference = try #require(metadata.ownerReferences.first)
            #expect(reference.uid == "uid-1" && reference.kind == "ConfigMap" && !reference.isController)
            #expect(metadata.json["ownerReferences"]?.arrayValue?.first?["blockOwnerDeletion"] == true)
        }
    }

    @Test func environmentNamesTheAPIServerRejectsAreLeftOut() {
        #expect(KubeEnvironment.isValidName("SM_HP_LR"))
        #expect(!KubeEnvironment.isValidName("SM_HP_É"))
        #expect(!KubeEnvironment.isValidName("1X"))
        #expect(KubeEnvironment.variables(["SM_HP_É": "1", "A": "$"]) == [["name": "A", "value": "$$"]])
    }
}
