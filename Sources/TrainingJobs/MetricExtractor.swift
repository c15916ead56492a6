import Foundation

/// Applies a job's metric definitions to its log lines and keeps the last value of each metric.
///
/// Not thread-safe by itself: the owner serialises calls (the job's log path does).
public struct MetricExtractor: Sendable {
    /// A metric definition whose regular expression does not compile.
    public struct InvalidRegex: Error, Sendable, Equatable {
        /// The definition's name.
        public let metricName: String
        /// The offending expression.
        public let regex: String
    }

    private let metrics: [(name: String, expression: NSRegularExpressionBox)]
    /// The latest value of each metric, by name.
    public private(set) var latest: [String: MetricDatum] = [:]

    /// Compiles the definitions; throws for the first expression that does not compile.
    public init(definitions: [MetricDefinition]) throws(InvalidRegex) {
        var compiled: [(String, NSRegularExpressionBox)] = []
        for definition in definitions {
            guard let expression = try? NSRegularExpression(pattern: definition.regex) else {
                throw InvalidRegex(metricName: definition.name, regex: definition.regex)
            }
            compiled.append((definition.name, NSRegularExpressionBox(expression)))
        }
        metrics = compiled
    }

    /// Whether there is anything to extract.
    public var isEmpty: Bool { metrics.isEmpty }

    /// Scans one log line logged at `timestamp` (epoch seconds); returns whether any metric was captured.
    @discardableResult
    public mutating func scan(_ line: String, timestamp: Double) -> Bool {
        var captured = false
        let range = NSRange(line.startIndex..<line.endIndex, in: line)
        for metric in metrics {
            guard let match = metric.expression.value.firstMatch(in: line, options: [], range: range) else { continue }
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            guard group.location != NSNotFound, let swiftRange = Range(group, in: line),
                let value = Double(line[swiftRange].trimmingCharacters(in: .whitespaces)), value.isFinite
            else { continue }
            latest[metric.name] = MetricDatum(metricName: metric.name, value: value, timestamp: timestamp)
            captured = true
        }
        return captured
    }

    /// The final metric list in definition order, for `FinalMetricDataList`.
    public var finalMetrics: [MetricDatum] {
        metrics.compactMap { latest[$0.name] }
    }
}

/// Holds a compiled expression; `NSRegularExpression` is immutable after creation and safe to share.
struct NSRegularExpressionBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
