import ServiceModel

/// SageMaker's container contract for one host of a job: the files under `/opt/ml/input/config` and the environment.
///
/// Shared by every backend, so a training image sees the same contract locally and on Kubernetes.
public struct ContainerContract: Sendable {
    /// The environment variable that tells a process where its ML root is (the SageMaker training toolkit's name).
    public static let baseDirectoryVariable = "SAGEMAKER_BASE_DIR"
    /// The ML root inside a SageMaker container.
    public static let containerRoot = "/opt/ml"
    /// The instance group name SageMaker uses for homogeneous clusters.
    public static let instanceGroupName = "homogeneousCluster"

    /// The job the contract is for.
    public let job: TrainingJobSpecification
    /// This host's name, `algo-N`.
    public let currentHost: String
    /// The ML root this host sees (`/opt/ml` in a container, a per-host directory locally).
    public let root: String
    /// The address and port of the rank-0 host for distributed training.
    public let master: (address: String, port: Int)
    /// The number of CPUs the host may use.
    public let cpuCount: Int
    /// The number of GPUs the host may use.
    public let gpuCount: Int

    /// Creates the contract for `currentHost` of `job`.
    public init(
        job: TrainingJobSpecification, currentHost: String, root: String, master: (address: String, port: Int),
        cpuCount: Int, gpuCount: Int = 0
    ) {
        self.job = job
        self.currentHost = currentHost
        self.root = root
        self.master = master
        self.cpuCount = cpuCount
        self.gpuCount = gpuCount
    }

    /// The host's rank: 0 for `algo-1`.
    public var rank: Int { (job.hostNames.firstIndex(of: currentHost) ?? 0) }

    /// A path under this host's ML root.
    public func path(_ relative: String) -> String { root + "/" + relative }

    /// The directory of a channel's data.
    public func channelDirectory(_ channel: String) -> String { path("input/data/\(channel)") }

    /// The checkpoint directory as this host sees it: `CheckpointConfig.LocalPath` moved under the ML root.
    public var checkpointDirectory: String {
        let local = job.checkpoint?.localPath ?? CheckpointLocation.defaultLocalPath
        if local == Self.containerRoot || local.hasPrefix(Self.containerRoot + "/") {
            return root + local.dropFirst(Self.containerRoot.count)
        }
        return root == Self.containerRoot ? local : path("checkpoints")
    }

    /// `hyperparameters.json`.
    public var hyperParametersDocument: JSONValue {
        .object(job.hyperParameters.mapValues { .string($0) })
    }

    /// `resourceconfig.json`.
    public var resourceConfigDocument: JSONValue {
        let hosts = JSONValue.array(job.hostNames.map { .string($0) })
        return .object([
            "current_host": .string(currentHost),
            "current_instance_type": .string(job.instanceType),
            "current_group_name": .string(Self.instanceGroupName),
            "hosts": hosts,
            "instance_groups": .array([
                .object([
                    "instance_group_name": .string(Self.instanceGroupName),
                    "instance_type": .string(job.instanceType),
                    "hosts": hosts,
                ])
            ]),
            "network_interface_name": "eth0",
        ])
    }

    /// `inputdataconfig.json`.
    public var inputDataConfigDocument: JSONValue {
        var channels: [String: JSONValue] = [:]
        for channel in job.channels {
            var entry: [String: JSONValue] = [
                "TrainingInputMode": .string(channel.inputMode),
                "S3DistributionType": .string(channel.distribution),
                "RecordWrapperType": .string(channel.recordWrapperType),
            ]
            if let contentType = channel.contentType { entry["ContentType"] = .string(contentType) }
            if channel.compression != "None" { entry["CompressionType"] = .string(channel.compression) }
            channels[channel.name] = .object(entry)
        }
        return .object(channels)
    }

    /// `checkpointconfig.json`, when the job has a checkpoint configuration.
    public var checkpointConfigDocument: JSONValue? {
        guard let checkpoint = job.checkpoint else { return nil }
        return .object(["LocalPath": .string(checkpoint.localPath), "S3Uri": .string(checkpoint.s3URI)])
    }

    /// The files of `input/config`, relative to the ML root, with their contents.
    public var configurationFiles: [(path: String, contents: JSONValue)] {
        var files: [(String, JSONValue)] = [
            ("input/config/hyperparameters.json", hyperParametersDocument),
            ("input/config/resourceconfig.json", resourceConfigDocument),
            ("input/config/inputdataconfig.json", inputDataConfigDocument),
        ]
        if let checkpoint = checkpointConfigDocument {
            files.append(("input/config/checkpointconfig.json", checkpoint))
        }
        return files
    }
}
