import Foundation

/// Throughput and time left within an epoch, for progress lines.
struct ProgressMeter {
    /// Samples in the epoch across all ranks.
    let total: Int
    private let start = ContinuousClock.now

    /// Starts timing an epoch of `total` samples.
    init(total: Int) { self.total = total }

    /// Seconds since the epoch started.
    var elapsedSeconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Samples per second after `done` samples.
    func samplesPerSecond(done: Int) -> Double {
        let seconds = elapsedSeconds
        return seconds > 0 ? Double(done) / seconds : 0
    }

    /// A progress line after `done` samples with the latest `loss`.
    func line(epoch: Int, done: Int, loss: Double) -> String {
        let rate = samplesPerSecond(done: done)
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        return "Train Epoch: \(epoch) [\(done)/\(total) (\(Int(percent.rounded(.down)))%)] "
            + "loss=\(Format.fixed(loss, 4)) samples/s=\(Format.fixed(rate, 1)) "
            + "elapsed=\(Format.duration(elapsedSeconds)) eta=\(Format.duration(remaining))"
    }
}

/// Number formatting for log lines, independent of the locale.
enum Format {
    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let tail = String(format: "%02d:%02d", minutes, secs)
        return hours > 0 ? "\(hours):\(tail)" : String(format: "%d:%02d", minutes, secs)
    }
}
