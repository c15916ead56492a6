import ServiceModel
import TrainingJobs

/// The checks SageMaker makes on a CreateTrainingJob request beyond the service model's constraints, plus this
/// platform's own limits (which data sources it can stage).
struct CreateTrainingJobRules: Sendable {
    /// URI schemes the platform can stage input from and write output to.
    var supportedSchemes: Set<String> = ["file", "s3"]

    /// Checks a validated request; returns it with SageMaker's defaults filled in (StoppingCondition, channel
    /// input modes), ready to store.
    func check(_ request: JSONValue) throws(AWSServiceError) -> JSONValue {
        guard case .object(var fields) = request else { throw .serialization("Expected a JSON object.") }
        guard let algorithm = fields["AlgorithmSpecification"] else {
            throw .validation(
                "1 validation error detected: Value null at 'algorithmSpecification' failed to satisfy constraint: Member must not be null"
            )
        }
        if algorithm["TrainingImage"] == nil {
            if algorithm["AlgorithmName"] != nil {
                throw .validation(
                    "AlgorithmName is not supported on this platform; specify AlgorithmSpecification.TrainingImage.")
            }
            throw .validation("Either TrainingImage or AlgorithmName must be specified in AlgorithmSpecification.")
        }
        guard let resources = fields["ResourceConfig"] else {
            throw .validation(
                "1 validation error detected: Value null at 'resourceConfig' failed to satisfy constraint: Member must not be null"
            )
        }
        if resources["InstanceGroups"] != nil {
            throw .validation("InstanceGroups are not supported on this platform; use InstanceType and InstanceCount.")
        }
        guard let instanceCount = resources["InstanceCount"]?.int64Value, resources["InstanceType"] != nil else {
            throw .validation("ResourceConfig must specify InstanceType and InstanceCount.")
        }
        if instanceCount < 1 {
            throw .validation(
                "1 validation error detected: Value '\(instanceCount)' at 'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )
        }
        if fields["StoppingCondition"] == nil {
            fields["StoppingCondition"] = .object([
                "MaxRuntimeInSeconds": .int(Int64(TrainingJobSpecification.defaultMaxRuntimeInSeconds))
            ])
        }
        try checkChannels(fields["InputDataConfig"]?.arrayValue ?? [])
        if let output = fields["OutputDataConfig"]?["S3OutputPath"]?.stringValue {
            try checkScheme(of: output, member: "OutputDataConfig.S3OutputPath")
        }
        if let checkpoint = fields["CheckpointConfig"]?["S3Uri"]?.stringValue {
            try checkScheme(of: checkpoint, member: "CheckpointConfig.S3Uri")
        }
        let definitions = (algorithm["MetricDefinitions"]?.arrayValue ?? []).compactMap { definition in
            definition["Name"]?.stringValue.flatMap { name in
                definition["Regex"]?.stringValue.map { MetricDefinition(name: name, regex: $0) }
            }
        }
        do {
            _ = try MetricExtractor(definitions: definitions)
        } catch {
            throw .validation("The regular expression '\(error.regex)' of metric '\(error.metricName)' is not valid.")
        }
        fields["Tags"] = nil
        return .object(fields)
    }

    private func checkChannels(_ channels: [JSONValue]) throws(AWSServiceError) {
        var names: Set<String> = []
        for channel in channels {
            let name = channel["ChannelName"]?.stringValue ?? ""
            guard names.insert(name).inserted else {
                throw .validation("Channel names must be unique. Duplicate channel name: \(name)")
            }
            guard let source = channel["DataSource"] else { continue }
            if source["FileSystemDataSource"] != nil {
                throw .validation("FileSystemDataSource is not supported on this platform (channel '\(name)').")
            }
            guard let uri = source["S3DataSource"]?["S3Uri"]?.stringValue else {
                throw .validation("Channel '\(name)' must have a DataSource with an S3DataSource.")
            }
            try checkScheme(of: uri, member: "InputDataConfig channel '\(name)' S3Uri")
            if source["S3DataSource"]?["S3DataType"]?.stringValue == "AugmentedManifestFile" {
                throw .validation(
                    "S3DataType AugmentedManifestFile is not supported on this platform (channel '\(name)').")
            }
        }
    }

    private func checkScheme(of uri: String, member: String) throws(AWSServiceError) {
        let scheme = uri.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        guard supportedSchemes.contains(scheme) else {
            let supported = supportedSchemes.sorted().map { "\($0)://" }.joined(separator: ", ")
            throw .validation(
                "\(member) '\(uri)' uses a scheme this platform does not support yet; supported: \(supported).")
        }
        if scheme == "file", !uri.hasPrefix("file:///") {
            throw .validation("\(member) '\(uri)' must be an absolute file URI (file:///path).")
        }
    }
}
