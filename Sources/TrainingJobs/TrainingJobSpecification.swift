import ServiceModel

/// The typed parts of a CreateTrainingJob request that a backend needs to run the job.
public struct TrainingJobSpecification: Sendable, Equatable {
    /// `TrainingJobName`.
    public var name: String
    /// `TrainingJobArn`.
    public var arn: String
    /// `AlgorithmSpecification.TrainingImage`.
    public var trainingImage: String
    /// `AlgorithmSpecification.ContainerEntrypoint`, replacing the image's entry point.
    public var containerEntrypoint: [String]?
    /// `AlgorithmSpecification.ContainerArguments`, replacing the default `train` argument.
    public var containerArguments: [String]?
    /// `AlgorithmSpecification.TrainingInputMode` (File, Pipe, FastFile).
    public var trainingInputMode: String
    /// `HyperParameters`, all strings as SageMaker passes them.
    public var hyperParameters: [String: String]
    /// `Environment` variables for the container.
    public var environment: [String: String]
    /// `InputDataConfig` channels, in request order.
    public var channels: [InputChannel]
    /// `OutputDataConfig.S3OutputPath`.
    public var outputPath: String
    /// `ResourceConfig.InstanceType`.
    public var instanceType: String
    /// `ResourceConfig.InstanceCount`: the number of hosts.
    public var instanceCount: Int
    /// `ResourceConfig.VolumeSizeInGB`.
    public var volumeSizeInGB: Int
    /// `StoppingCondition.MaxRuntimeInSeconds`.
    public var maxRuntimeInSeconds: Int
    /// `CheckpointConfig`, when given.
    public var checkpoint: CheckpointLocation?
    /// `AlgorithmSpecification.MetricDefinitions`.
    public var metricDefinitions: [MetricDefinition]
    /// The validated, canonical CreateTrainingJob request everything above was read from.
    public var request: JSONValue

    /// The default `MaxRuntimeInSeconds` SageMaker applies: one day.
    public static let defaultMaxRuntimeInSeconds = 86_400

    /// Reads the specification from a validated, canonical CreateTrainingJob request.
    public init(name: String, arn: String, request: JSONValue) {
        let algorithm = request["AlgorithmSpecification"]
        let resources = request["ResourceConfig"]
        self.name = name
        self.arn = arn
        self.request = request
        self.trainingImage = algorithm?["TrainingImage"]?.stringValue ?? ""
        self.containerEntrypoint = algorithm?["ContainerEntrypoint"]?.arrayValue?.compactMap(\.stringValue)
        self.containerArguments = algorithm?["ContainerArguments"]?.arrayValue?.compactMap(\.stringValue)
        self.trainingInputMode = algorithm?["TrainingInputMode"]?.stringValue ?? "File"
        self.hyperParameters = Self.stringMap(request["HyperParameters"])
        self.environment = Self.stringMap(request["Environment"])
        self.channels = (request["InputDataConfig"]?.arrayValue ?? []).map {
            InputChannel(channel: $0, defaultInputMode: algorithm?["TrainingInputMode"]?.stringValue ?? "File")
        }
        self.outputPath = request["OutputDataConfig"]?["S3OutputPath"]?.stringValue ?? ""
        self.instanceType = resources?["InstanceType"]?.stringValue ?? "ml.m5.large"
        self.instanceCount = Int(resources?["InstanceCount"]?.int64Value ?? 1)
        self.volumeSizeInGB = Int(resources?["VolumeSizeInGB"]?.int64Value ?? 1)
        self.maxRuntimeInSeconds = Int(
            request["StoppingCondition"]?["MaxRuntimeInSeconds"]?.int64Value ?? Int64(Self.defaultMaxRuntimeInSeconds))
        if let checkpoint = request["CheckpointConfig"], let uri = checkpoint["S3Uri"]?.stringValue {
            self.checkpoint = CheckpointLocation(
                s3URI: uri, localPath: checkpoint["LocalPath"]?.stringValue ?? CheckpointLocation.defaultLocalPath)
        }
        self.metricDefinitions = (algorithm?["MetricDefinitions"]?.arrayValue ?? []).compactMap { definition in
            guard let name = definition["Name"]?.stringValue, let regex = definition["Regex"]?.stringValue else {
                return nil
            }
            return MetricDefinition(name: name, regex: regex)
        }
    }

    /// The host names of the job: `algo-1` ... `algo-N`.
    public var hostNames: [String] { (1...max(1, instanceCount)).map { "algo-\($0)" } }

    private static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return [:] }
        return object.compactMapValues(\.stringValue)
    }
}

/// One input channel of a job (`InputDataConfig` entry).
public struct InputChannel: Sendable, Equatable {
    /// `ChannelName`.
    public var name: String
    /// The data source's URI (`S3DataSource.S3Uri`), when the channel has one.
    public var uri: String?
    /// `S3DataSource.S3DataType` (S3Prefix, ManifestFile, AugmentedManifestFile).
    public var s3DataType: String
    /// `S3DataSource.S3DataDistributionType` (FullyReplicated, ShardedByS3Key).
    public var distribution: String
    /// `CompressionType` (None, Gzip).
    public var compression: String
    /// `ContentType`, when given.
    public var contentType: String?
    /// `RecordWrapperType` (None, RecordIO).
    public var recordWrapperType: String
    /// `InputMode` of the channel, or the algorithm's.
    public var inputMode: String

    init(channel: JSONValue, defaultInputMode: String) {
        let s3 = channel["DataSource"]?["S3DataSource"]
        name = channel["ChannelName"]?.stringValue ?? ""
        uri = s3?["S3Uri"]?.stringValue
        s3DataType = s3?["S3DataType"]?.stringValue ?? "S3Prefix"
        distribution = s3?["S3DataDistributionType"]?.stringValue ?? "FullyReplicated"
        compression = channel["CompressionType"]?.stringValue ?? "None"
        contentType = channel["ContentType"]?.stringValue
        recordWrapperType = channel["RecordWrapperType"]?.stringValue ?? "None"
        inputMode = channel["InputMode"]?.stringValue ?? defaultInputMode
    }
}

/// Where a job's checkpoints live: in the container and in storage.
public struct CheckpointLocation: Sendable, Equatable {
    /// The container path SageMaker uses when `LocalPath` is not given.
    public static let defaultLocalPath = "/opt/ml/checkpoints"
    /// `CheckpointConfig.S3Uri`.
    public var s3URI: String
    /// `CheckpointConfig.LocalPath`.
    public var localPath: String
}

/// A `MetricDefinitions` entry: a named regular expression over the algorithm's log lines.
public struct MetricDefinition: Sendable, Equatable {
    /// The metric's name.
    public var name: String
    /// The regular expression; its first capture group is the value.
    public var regex: String

    /// Creates a definition.
    public init(name: String, regex: String) {
        self.name = name
        self.regex = regex
    }
}
