/// The primary status of a training job (SageMaker's `TrainingJobStatus`).
public enum TrainingJobStatus: String, Sendable, CaseIterable, Codable {
    case inProgress = "InProgress"
    case completed = "Completed"
    case failed = "Failed"
    case stopping = "Stopping"
    case stopped = "Stopped"

    /// Whether the job has finished and will not change again.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .stopped: true
        case .inProgress, .stopping: false
        }
    }
}

/// The detailed status of a training job (SageMaker's `SecondaryStatus`).
public enum SecondaryStatus: String, Sendable, CaseIterable, Codable {
    case starting = "Starting"
    case launchingMLInstances = "LaunchingMLInstances"
    case preparingTrainingStack = "PreparingTrainingStack"
    case downloading = "Downloading"
    case downloadingTrainingImage = "DownloadingTrainingImage"
    case training = "Training"
    case uploading = "Uploading"
    case stopping = "Stopping"
    case stopped = "Stopped"
    case maxRuntimeExceeded = "MaxRuntimeExceeded"
    case completed = "Completed"
    case failed = "Failed"
    case interrupted = "Interrupted"
    case maxWaitTimeExceeded = "MaxWaitTimeExceeded"
    case updating = "Updating"
    case restarting = "Restarting"
    case pending = "Pending"

    /// The status message SageMaker shows for this status in `SecondaryStatusTransitions`.
    public var standardMessage: String {
        switch self {
        case .starting: "Starting the training job"
        case .launchingMLInstances: "Launching requested ML instances"
        case .preparingTrainingStack: "Preparing the instances for training"
        case .downloading: "Downloading input data"
        case .downloadingTrainingImage: "Downloading the training image"
        case .training: "Training image download completed. Training in progress."
        case .uploading: "Uploading generated training model"
        case .stopping: "Stopping the training job"
        case .stopped: "Training job stopped"
        case .maxRuntimeExceeded: "Training job runtime exceeded MaxRuntimeInSeconds provided"
        case .completed: "Training job completed"
        case .failed: "Training job failed"
        case .interrupted: "Training job interrupted"
        case .maxWaitTimeExceeded: "Training job exceeded MaxWaitTimeInSeconds provided"
        case .updating: "Updating the training job"
        case .restarting: "Restarting the training job"
        case .pending: "Pending"
        }
    }
}

/// Why a running job is being stopped.
public enum StopReason: String, Sendable, Codable {
    /// A StopTrainingJob request.
    case userRequest
    /// `StoppingCondition.MaxRuntimeInSeconds` was exceeded.
    case maxRuntimeExceeded
}
