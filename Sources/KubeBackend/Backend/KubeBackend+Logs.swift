import Foundation
import KubernetesClient
import Logging
import ServiceModel
import TrainingJobs

extension KubeBackend {
    /// The most attempts at opening a container's log (it may not have started when first asked for).
    static let logOpenAttempts = 10

    /// Follows the `algo` container's log of `podName` into `stream` until the container ends.
    func followLogs(podName: String, stream: String, reporter: TrainingJobReporter) async {
        defer { followerFinished(pod: podName) }
        let pods = client.resources(.pods, namespace: settings.namespace)
        // A log followed again (a restarted server with its log cache, or a reconnect) resumes after the last line
        // recorded: lines of that same millisecond are taken as recorded.
        var skipThrough = await reporter.lastRecordedLogTimestamp(inStream: stream)
        var lastDelivered: Int64?
        for attempt in 1...Self.logOpenAttempts {
            if let lastDelivered { skipThrough = max(skipThrough ?? lastDelivered, lastDelivered) }
            var options = LogOptions(container: "algo", timestamps: true)
            if let skipThrough {
                let age = Int64(Date().timeIntervalSince1970 * 1000) - skipThrough
                options.sinceSeconds = max(1, Int(age / 1000) + 1)
            }
            do {
                let lines = try await pods.followLogs(podName, options: options)
                for try await line in lines {
                    let (timestamp, message) = Self.splitTimestamp(line)
                    if let skipThrough, let timestamp, timestamp <= skipThrough { continue }
                    if let timestamp { lastDelivered = timestamp }
                    await reporter.logWithoutBlocking(
                        LogRecord(
                            stream: stream, timestamp: timestamp ?? Int64(Date().timeIntervalSince1970 * 1000),
                            message: message))
                }
                return
            } catch  where error.reason == .notFound {
                return
            } catch {
                if Task.isCancelled { return }
                logger.debug(
                    "following a pod's log failed",
                    metadata: ["kubernetes.name": "\(podName)", "attempt": "\(attempt)", "error": "\(error)"])
                do { try await Task.sleep(for: .seconds(min(attempt, 5))) } catch { return }
            }
        }
        logger.warning("gave up following a pod's log", metadata: ["kubernetes.name": "\(podName)"])
    }

    /// SageMaker's stream name, `{job}/algo-N-{epoch seconds of the host's start}`.
    static func streamName(job: String, host: String, startTime: String?) -> String {
        let seconds = startTime.flatMap(epochMilliseconds).map { $0 / 1000 } ?? Int64(Date().timeIntervalSince1970)
        return "\(job)/\(host)-\(seconds)"
    }

    /// A log line with `timestamps=true` split into its time (epoch milliseconds) and its text.
    static func splitTimestamp(_ line: String) -> (Int64?, String) {
        guard let space = line.firstIndex(of: " "), let time = epochMilliseconds(String(line[..<space])) else {
            return (nil, line)
        }
        return (time, String(line[line.index(after: space)...]))
    }

    /// Epoch milliseconds of an RFC 3339 time (`2026-11-29T07:50:00.123456789Z`).
    static func epochMilliseconds(_ text: String) -> Int64? {
        TimestampParser.epochMilliseconds(fromISO8601: text)
    }
}
