import ServiceModel

/// Everything the platform knows about one training job: the request as accepted and the state since.
///
/// A value type: the store keeps the current value, the lifecycle (``TrainingJob/handle(_:at:)``) computes the next one.
public struct TrainingJob: Sendable, Equatable {
    /// `TrainingJobName`, as given.
    public let name: String
    /// `TrainingJobArn`.
    public let arn: String
    /// The CreateTrainingJob request as validated (canonical form, unknown members dropped, without `Tags`).
    public let request: JSONValue
    /// `CreationTime`, epoch seconds.
    public let creationTime: Double

    /// `TrainingJobStatus`.
    public internal(set) var status: TrainingJobStatus = .inProgress
    /// `SecondaryStatus`.
    public internal(set) var secondaryStatus: SecondaryStatus = .starting
    /// `SecondaryStatusTransitions`, oldest first.
    public internal(set) var transitions: [SecondaryStatusTransition]
    /// `FailureReason` of a failed job.
    public internal(set) var failureReason: String?
    /// `LastModifiedTime`, epoch seconds.
    public internal(set) var lastModifiedTime: Double
    /// `TrainingStartTime`: when the instances started working on the job.
    public internal(set) var trainingStartTime: Double?
    /// `TrainingEndTime`: when the job reached its terminal status.
    public internal(set) var trainingEndTime: Double?
    /// `ModelArtifacts.S3ModelArtifacts`, once uploaded.
    public internal(set) var modelArtifacts: String?
    /// Why the job is being stopped, once a stop was asked for.
    public internal(set) var stopReason: StopReason?
    /// `FinalMetricDataList`, in the order of the request's metric definitions.
    public var finalMetrics: [MetricDatum] = []
    /// The job's tags (AddTags / ListTags / DeleteTags).
    public var tags: [JobTag] = []

    /// Creates a new job, in status InProgress / Starting.
    public init(name: String, arn: String, request: JSONValue, tags: [JobTag], creationTime: Double) {
        self.name = name
        self.arn = arn
        self.request = request
        self.creationTime = creationTime
        self.lastModifiedTime = creationTime
        self.tags = tags
        self.transitions = [SecondaryStatusTransition(status: .starting, startTime: creationTime)]
    }

    /// Restores a job from its stored fields, as written by ``TrainingJob/storedRepresentation``.
    init(
        name: String, arn: String, request: JSONValue, creationTime: Double, status: TrainingJobStatus,
        secondaryStatus: SecondaryStatus, transitions: [SecondaryStatusTransition], failureReason: String?,
        lastModifiedTime: Double, trainingStartTime: Double?, trainingEndTime: Double?, modelArtifacts: String?,
        stopReason: StopReason?, finalMetrics: [MetricDatum], tags: [JobTag]
    ) {
        self.name = name
        self.arn = arn
        self.request = request
        self.creationTime = creationTime
        self.status = status
        self.secondaryStatus = secondaryStatus
        self.transitions = transitions
        self.failureReason = failureReason
        self.lastModifiedTime = lastModifiedTime
        self.trainingStartTime = trainingStartTime
        self.trainingEndTime = trainingEndTime
        self.modelArtifacts = modelArtifacts
        self.stopReason = stopReason
        self.finalMetrics = finalMetrics
        self.tags = tags
    }

    /// `TrainingTimeInSeconds`: whole seconds from training start to end, once the job has ended.
    public var trainingTimeInSeconds: Int? {
        guard let start = trainingStartTime, let end = trainingEndTime else { return nil }
        return max(1, Int((end - start).rounded(.up)))
    }

    /// `BillableTimeInSeconds`: equal to the training time (no managed spot savings on this platform).
    public var billableTimeInSeconds: Int? { trainingTimeInSeconds }
}
