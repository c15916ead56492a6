import KubernetesClient

/// Where one host's batch/v1 Job stands.
public enum HostJobState: Sendable, Equatable {
    /// Running or waiting to.
    case active
    /// Its pod succeeded.
    case complete
    /// It ran out of retries (`BackoffLimitExceeded`).
    case failed(message: String?)
    /// `activeDeadlineSeconds` (MaxRuntimeInSeconds) elapsed; the Job controller deletes its pods.
    case deadlineExceeded

    /// The state of `job`.
    public init(job: Job) {
        if job.isComplete {
            self = .complete
        } else if let failed = job.condition("Failed"), failed.isTrue {
            self = failed.reason == "DeadlineExceeded" ? .deadlineExceeded : .failed(message: failed.message)
        } else {
            self = .active
        }
    }
}
