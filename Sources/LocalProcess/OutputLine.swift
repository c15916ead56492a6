import Foundation

/// One line of a process's merged standard output and standard error.
public struct OutputLine: Sendable, Hashable {
    /// The line without its terminator (`\n` or `\r\n`); invalid UTF-8 is replaced by U+FFFD.
    public let text: String
    /// When the line was read from the process's output (wall clock).
    public let timestamp: Date

    /// Creates a line.
    public init(text: String, timestamp: Date) {
        self.text = text
        self.timestamp = timestamp
    }

    /// The timestamp in whole milliseconds since 1970-01-01 UTC, as CloudWatch Logs counts it.
    public var epochMilliseconds: Int64 {
        Int64((timestamp.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
