/// How long a watch waits before trying again after a failure: exponential growth from `initialDelay` by
/// `multiplier` up to `maximumDelay`, each delay shortened by a random fraction of up to `jitter` so that many
/// watchers do not reconnect in step.
public struct WatchBackoff: Sendable, Equatable {
    /// The first delay.
    public var initialDelay: Duration
    /// The longest delay.
    public var maximumDelay: Duration
    /// The growth factor per consecutive failure.
    public var multiplier: Double
    /// The largest fraction taken off a delay at random (0 for none, at most 1).
    public var jitter: Double

    /// A policy; the defaults go 0.5 s, 1 s, 2 s ... up to 30 s, minus up to 20 %.
    public init(
        initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30), multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(0, jitter), 1)
    }

    /// The delay before attempt number `failures` (1 after the first failure), with `random` in `0..<1`.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        let exponent = Double(max(0, failures - 1))
        let seconds = min(
            Self.seconds(initialDelay) * Double.pow(multiplier, exponent), Self.seconds(maximumDelay))
        let jittered = seconds * (1 - jitter * min(max(random, 0), 1))
        return .nanoseconds(Int64((jittered * 1e9).rounded()))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Double {
    fileprivate static func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 && result < 1e12 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
