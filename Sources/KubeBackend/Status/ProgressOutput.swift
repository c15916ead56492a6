import TrainingJobs

/// What the backend must do after ``TrainingJobProgress`` took in an observation.
public enum ProgressOutput: Sendable, Equatable {
    /// Report `event` to the platform.
    case report(TrainingJobEvent)
    /// Delete every host's Job (and so its pod, gracefully): the job failed or is being stopped.
    case deleteHosts
    /// Follow the algorithm container's log of `podName`, the host `host`'s pod started at `startTime`.
    case followLogs(podName: String, host: String, startTime: String?)
}
