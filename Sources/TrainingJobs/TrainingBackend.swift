/// Where training jobs run: local processes or a Kubernetes cluster.
///
/// A backend runs jobs and reports what happens to them; the platform turns the reports into statuses
/// (``TrainingJob/handle(_:at:)``), persists them and serves them.
public protocol TrainingBackend: Sendable {
    /// Refuses a job this backend cannot run as asked (an instance type the cluster does not offer), before it is
    /// stored: CreateTrainingJob answers `ValidationException` with the rejection's message.
    func check(_ job: TrainingJobSpecification) throws(TrainingJobRejection)
    /// Starts `job`; progress arrives on `reporter` until the job ends. Returns once the job is under way.
    func launch(_ job: TrainingJobSpecification, reporter: TrainingJobReporter) async throws
    /// Stops a running job: SIGTERM or its equivalent, a grace period, then a kill; what it left is still packaged.
    func stop(jobNamed name: String, reason: StopReason) async
    /// Called once at start-up with the jobs the store holds as not finished: the backend either resumes watching
    /// each (reporting through `reporter(for:)`) or reports it lost. A job is never run twice.
    func reconcile(
        _ jobs: [TrainingJobSpecification], reporter: @escaping @Sendable (String) -> TrainingJobReporter
    ) async
    /// Removes what the backend keeps of a finished job (working directories); called when the job is deleted.
    func forget(jobNamed name: String) async
    /// Stops every job this backend runs, for a server shutdown; or, when ``jobsOutliveServer``, just stops watching.
    func shutdown() async
    /// Whether jobs keep running when the server stops (in a cluster), to be picked up by the next start.
    var jobsOutliveServer: Bool { get }
    /// Why the backend cannot follow its jobs any more (a watch refused for good), nil while it can: the server
    /// then reports itself not ready.
    var unavailability: String? { get }
}

extension TrainingBackend {
    /// Jobs run under the server and end with it.
    public var jobsOutliveServer: Bool { false }

    /// Always able to follow its jobs.
    public var unavailability: String? { nil }

    /// Every job the API accepts can run.
    public func check(_ job: TrainingJobSpecification) throws(TrainingJobRejection) {}
}

/// Why a backend cannot run a job as asked; the message is SageMaker's `ValidationException` message.
public struct TrainingJobRejection: Error, Sendable, Equatable {
    /// The message for the caller.
    public var message: String

    /// A rejection with `message`.
    public init(message: String) { self.message = message }
}

/// The channel through which a backend reports on one job.
public struct TrainingJobReporter: Sendable {
    private let onEvent: @Sendable (TrainingJobEvent) async -> Void
    private let onEvents: @Sendable ([TrainingJobEvent]) async -> Void
    private let lastLogTimestamp: @Sendable (String) async -> Int64?
    private let onLog: @Sendable (LogRecord) -> Void
    private let onLogFromTask: @Sendable (LogRecord) async -> Void

    /// Creates a reporter from its sinks: `onLog` may block its thread for back-pressure, `onLogFromTask` waits
    /// without blocking one (by default it calls `onLog`, for sinks that never block).
    public init(
        onEvent: @escaping @Sendable (TrainingJobEvent) async -> Void,
        onLog: @escaping @Sendable (LogRecord) -> Void,
        onLogFromTask: (@Sendable (LogRecord) async -> Void)? = nil,
        onEvents: (@Sendable ([TrainingJobEvent]) async -> Void)? = nil,
        lastLogTimestamp: @escaping @Sendable (String) async -> Int64? = { _ in nil }
    ) {
        self.lastLogTimestamp = lastLogTimestamp
        self.onEvent = onEvent
        self.onEvents =
            onEvents ?? { events in
                for event in events { await onEvent(event) }
            }
        self.onLog = onLog
        self.onLogFromTask = onLogFromTask ?? { onLog($0) }
    }

    /// Reports a lifecycle event; returns once it is recorded durably.
    public func report(_ event: TrainingJobEvent) async { await onEvent(event) }

    /// Reports several events that happened together, in order; recorded durably as one change when the sink can.
    public func report(_ events: [TrainingJobEvent]) async {
        switch events.count {
        case 0: return
        case 1: await onEvent(events[0])
        default: await onEvents(events)
        }
    }

    /// Reports one line of a host's output. Called from a blocking reader thread; may block for back-pressure.
    public func log(_ record: LogRecord) { onLog(record) }

    /// The timestamp of the latest line already recorded in `stream` (epoch milliseconds), nil when there is none:
    /// a backend that follows a log again (after a restart) skips what is recorded.
    public func lastRecordedLogTimestamp(inStream stream: String) async -> Int64? { await lastLogTimestamp(stream) }

    /// Reports one line of a host's output from a task: waits, without blocking a thread, while the sink is full.
    public func logWithoutBlocking(_ record: LogRecord) async { await onLogFromTask(record) }
}

/// One line of output of one host of a job.
public struct LogRecord: Sendable, Equatable {
    /// The log stream: `{job}/algo-{n}-{epoch seconds of the host's start}`.
    public var stream: String
    /// When the line was written, epoch milliseconds.
    public var timestamp: Int64
    /// The line, without its newline.
    public var message: String

    /// Creates a record.
    public init(stream: String, timestamp: Int64, message: String) {
        self.stream = stream
        self.timestamp = timestamp
        self.message = message
    }
}
