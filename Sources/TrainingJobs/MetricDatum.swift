/// One entry of `FinalMetricDataList`: the last value a metric definition matched.
public struct MetricDatum: Sendable, Equatable {
    /// The metric's name from its definition.
    public var metricName: String
    /// The last value captured.
    public var value: Double
    /// When the value was logged, in epoch seconds.
    public var timestamp: Double

    /// Creates a datum.
    public init(metricName: String, value: Double, timestamp: Double) {
        self.metricName = metricName
        self.value = value
        self.timestamp = timestamp
    }
}
