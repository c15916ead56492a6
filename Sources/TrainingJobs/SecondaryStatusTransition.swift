/// One entry of a job's `SecondaryStatusTransitions` history.
public struct SecondaryStatusTransition: Sendable, Equatable {
    /// The secondary status entered.
    public var status: SecondaryStatus
    /// When the status was entered, in epoch seconds.
    public var startTime: Double
    /// When the status was left, in epoch seconds; nil while current (and for a terminal status).
    public var endTime: Double?
    /// The human-readable message SageMaker attaches to the status.
    public var statusMessage: String

    /// Creates a transition entered at `startTime`.
    public init(status: SecondaryStatus, startTime: Double, endTime: Double? = nil, statusMessage: String? = nil) {
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.statusMessage = statusMessage ?? status.standardMessage
    }
}
