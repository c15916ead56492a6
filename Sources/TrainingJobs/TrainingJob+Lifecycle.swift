/// What happened to a running job, as reported by a backend or the platform.
public enum TrainingJobEvent: Sendable, Equatable {
    /// The runtime started staging input data.
    case inputStagingStarted
    /// The algorithm's processes started.
    case algorithmStarted
    /// The algorithm's processes ended; `failureReason` is set when they failed.
    case algorithmExited(failureReason: String?)
    /// The runtime started uploading the model artifacts.
    case uploadStarted
    /// The runtime finished uploading; `modelArtifacts` is where the model went, if one was produced.
    case uploadFinished(modelArtifacts: String?)
    /// The job cannot go on, for a reason outside the algorithm (staging, launch, upload, restart).
    case runtimeFailed(reason: String)
    /// A StopTrainingJob request arrived.
    case stopRequested
    /// `MaxRuntimeInSeconds` elapsed.
    case maxRuntimeExceeded
}

/// What the platform must do after the lifecycle handled an event.
public enum TrainingJobAction: Sendable, Equatable {
    /// Stop the algorithm (SIGTERM, grace period, SIGKILL), then package what it left.
    case stopAlgorithm(StopReason)
}

/// A request the lifecycle refuses in the job's current state.
public struct LifecycleRejection: Error, Sendable, Equatable {
    /// The status the job was in.
    public let status: TrainingJobStatus

    /// Creates a rejection for a job in `status`.
    public init(status: TrainingJobStatus) { self.status = status }
    /// SageMaker's message for the refusal.
    public var message: String {
        "The request was rejected because the training job is in status \(status.rawValue)."
    }
}

extension TrainingJob {
    /// The longest `FailureReason` SageMaker stores.
    public static let maximumFailureReasonLength = 1024

    /// Applies `event` at `time` (epoch seconds): updates statuses and history and returns the action to take, if any.
    ///
    /// Events that no longer apply (a late exit after the job ended, say) are ignored, so a backend can report
    /// facts without knowing the job's state.
    @discardableResult
    public mutating func handle(
        _ event: TrainingJobEvent, at time: Double
    ) throws(LifecycleRejection) -> TrainingJobAction? {
        if status.isTerminal {
            if event == .stopRequested { throw LifecycleRejection(status: status) }
            return nil
        }
        switch event {
        case .inputStagingStarted:
            if trainingStartTime == nil { trainingStartTime = time }
            // Only forward: a late or repeated report (a second control plane, a re-list) never goes back.
            if status == .inProgress, secondaryStatus == .starting { enter(.downloading, at: time) }
        case .algorithmStarted:
            if trainingStartTime == nil { trainingStartTime = time }
            if status == .inProgress, [.starting, .downloading].contains(secondaryStatus) {
                enter(.training, at: time)
            }
        case .algorithmExited(let failureReason):
            if let failureReason, stopReason == nil { fail(failureReason, at: time) }
        case .uploadStarted:
            if secondaryStatus != .uploading { enter(.uploading, at: time) }
        case .uploadFinished(let artifacts):
            modelArtifacts = artifacts
            switch stopReason {
            case nil: finish(.completed, .completed, at: time)
            case .userRequest: finish(.stopped, .stopped, at: time)
            case .maxRuntimeExceeded: finish(.stopped, .maxRuntimeExceeded, at: time)
            }
        case .runtimeFailed(let reason):
            if status == .stopping {
                finish(.stopped, .stopped, at: time)
            } else {
                fail(reason, at: time)
            }
        case .stopRequested:
            guard status == .inProgress else { throw LifecycleRejection(status: status) }
            stopReason = .userRequest
            status = .stopping
            enter(.stopping, at: time)
            return .stopAlgorithm(.userRequest)
        case .maxRuntimeExceeded:
            guard stopReason == nil else { return nil }
            stopReason = .maxRuntimeExceeded
            lastModifiedTime = time
            return .stopAlgorithm(.maxRuntimeExceeded)
        }
        return nil
    }

    private mutating func enter(_ next: SecondaryStatus, at time: Double, message: String? = nil) {
        if let last = transitions.indices.last, transitions[last].endTime == nil {
            transitions[last].endTime = time
        }
        transitions.append(SecondaryStatusTransition(status: next, startTime: time, statusMessage: message))
        secondaryStatus = next
        lastModifiedTime = time
    }

    private mutating func finish(_ final: TrainingJobStatus, _ secondary: SecondaryStatus, at time: Double) {
        enter(secondary, at: time)
        transitions[transitions.count - 1].endTime = time
        status = final
        trainingEndTime = time
        if trainingStartTime == nil { trainingStartTime = time }
    }

    private mutating func fail(_ reason: String, at time: Double) {
        failureReason = String(reason.prefix(Self.maximumFailureReasonLength))
        finish(.failed, .failed, at: time)
    }
}
