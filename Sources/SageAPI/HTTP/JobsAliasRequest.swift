import ServiceModel

/// A `POST /jobs` body of the original simple API, checked field by field, and its mapping onto CreateTrainingJob.
struct JobsAliasRequest: Sendable, Equatable {
    /// A field that failed its check: rendered as HTTP 422 with the field and the reason.
    struct FieldError: Error, Sendable, Equatable {
        var field: String
        var reason: String
    }

    var jobName: String
    var image: String
    var epochs: Int
    var batchSize: Int
    var datasetSize: Int?
    var worldSize: Int
    var datasetType: String
    var datasetURI: String?
    var hyperParameters: [String: String]

    /// The image `/jobs` runs when the body names none: the platform's CNN trainer.
    static let defaultImage = "trainer:latest"

    /// Whether `name` is a valid training job name: 1-63 letters, digits and hyphens, starting and ending with a
    /// letter or digit (SageMaker's pattern `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`).
    static func isValidName(_ name: String) -> Bool {
        let characters = Array(name.utf8)
        func isAlphanumeric(_ c: UInt8) -> Bool {
            (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c)
        }
        guard (1...63).contains(characters.count), let first = characters.first, let last = characters.last,
            isAlphanumeric(first), isAlphanumeric(last)
        else { return false }
        return characters.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Reads and checks a body.
    init(body: JSONValue) throws(FieldError) {
        guard case .object(let fields) = body else { throw FieldError(field: "body", reason: "must be a JSON object") }
        let known: Set = [
            "job_name", "image", "epochs", "batch_size", "dataset_size", "world_size", "dataset_type", "dataset_uri",
            "hyperparameters",
        ]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw FieldError(field: unknown, reason: "unknown field")
        }
        guard let name = fields["job_name"]?.stringValue else {
            throw FieldError(field: "job_name", reason: "required, a string")
        }
        guard Self.isValidName(name) else {
            throw FieldError(
                field: "job_name",
                reason: "must be 1-63 letters, digits or hyphens, starting with a letter or digit (no '--' at the end)")
        }
        jobName = name
        image = try Self.string(fields, "image", default: Self.defaultImage)
        epochs = try Self.integer(fields, "epochs", default: 1, range: 1...1_000)
        batchSize = try Self.integer(fields, "batch_size", default: 64, range: 1...65_536)
        datasetSize =
            fields["dataset_size"] == nil
            ? nil : try Self.integer(fields, "dataset_size", default: 0, range: 1...100_000_000)
        worldSize = try Self.integer(fields, "world_size", default: 1, range: 1...64)
        datasetType = try Self.string(fields, "dataset_type", default: "mnist")
        guard ["mnist", "imagefolder"].contains(datasetType) else {
            throw FieldError(field: "dataset_type", reason: "must be \"mnist\" or \"imagefolder\"")
        }
        datasetURI = fields["dataset_uri"] == nil ? nil : try Self.string(fields, "dataset_uri", default: "")
        var extra: [String: String] = [:]
        if let more = fields["hyperparameters"] {
            guard case .object(let values) = more else {
                throw FieldError(field: "hyperparameters", reason: "must be an object of strings")
            }
            for (key, value) in values {
                guard
                    let text = value.stringValue ?? value.int64Value.map(String.init)
                        ?? value.doubleValue.map({ "\($0)" })
                else { throw FieldError(field: "hyperparameters.\(key)", reason: "must be a string or a number") }
                extra[key] = text
            }
        }
        hyperParameters = extra
    }

    private static func string(
        _ fields: [String: JSONValue], _ key: String, default value: String
    ) throws(FieldError)
        -> String
    {
        guard let field = fields[key], !field.isNull else { return value }
        guard let text = field.stringValue, !text.isEmpty else {
            throw FieldError(field: key, reason: "must be a non-empty string")
        }
        return text
    }

    private static func integer(
        _ fields: [String: JSONValue], _ key: String, default value: Int, range: ClosedRange<Int>
    ) throws(FieldError) -> Int {
        guard let field = fields[key], !field.isNull else { return value }
        guard case .int(let number) = field, range.contains(Int(number)) else {
            throw FieldError(field: key, reason: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    /// The equivalent CreateTrainingJob request.
    func createTrainingJobRequest(identity: ServiceIdentity, outputPath: String) -> JSONValue {
        var hyperParameters = self.hyperParameters
        hyperParameters["epochs"] = String(epochs)
        hyperParameters["batch_size"] = String(batchSize)
        hyperParameters["dataset_type"] = datasetType
        if let datasetSize { hyperParameters["dataset_size"] = String(datasetSize) }
        var request: [String: JSONValue] = [
            "TrainingJobName": .string(jobName),
            "AlgorithmSpecification": [
                "TrainingImage": .string(image), "TrainingInputMode": "File",
                // The trainer's metric lines: `epoch=1 train_loss=0.41 test_accuracy=0.88 ...`.
                "MetricDefinitions": [
                    ["Name": "train_loss", "Regex": "train_loss=([0-9.eE+-]+)"],
                    ["Name": "test_accuracy", "Regex": "test_accuracy=([0-9.eE+-]+)"],
                ],
            ],
            "RoleArn": .string("arn:aws:iam::\(identity.account):role/SageTrainJobsAlias"),
            "HyperParameters": .object(hyperParameters.mapValues { .string($0) }),
            "OutputDataConfig": ["S3OutputPath": .string(outputPath)],
            "ResourceConfig": [
                "InstanceType": "ml.m5.large", "InstanceCount": .int(Int64(worldSize)), "VolumeSizeInGB": 10,
            ],
            "StoppingCondition": ["MaxRuntimeInSeconds": 86_400],
        ]
        if let datasetURI {
            request["InputDataConfig"] = [
                [
                    "ChannelName": "training",
                    "DataSource": [
                        "S3DataSource": [
                            "S3DataType": "S3Prefix", "S3Uri": .string(datasetURI),
                            "S3DataDistributionType": "FullyReplicated",
                        ]
                    ],
                ]
            ]
        }
        return .object(request)
    }
}
