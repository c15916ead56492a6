import ServiceModel

extension TrainingJobSpecification {
    /// The job as one JSON document (name, ARN, request), for handing it to the job's own runtime.
    public var document: JSONValue {
        .object(["TrainingJobName": .string(name), "TrainingJobArn": .string(arn), "Request": request])
    }

    /// Reads a job from `document`; nil when it lacks the name, ARN or request.
    public init?(document: JSONValue) {
        guard let name = document["TrainingJobName"]?.stringValue, let arn = document["TrainingJobArn"]?.stringValue,
            let request = document["Request"], request.objectValue != nil
        else { return nil }
        self.init(name: name, arn: arn, request: request)
    }
}
