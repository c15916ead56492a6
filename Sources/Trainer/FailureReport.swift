import Foundation

/// SageMaker's failure contract: a one-line reason in `output/failure`, then a non-zero exit.
enum FailureReport {
    /// The longest reason SageMaker shows.
    static let maximumLength = 1024

    /// Writes `reason` (first line, at most 1024 characters) to `path`, creating its directory. Best effort.
    static func write(_ reason: String, to path: String) {
        let line = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? "AlgorithmError: unknown error"
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? Data(String(line.prefix(maximumLength)).utf8).write(to: URL(fileURLWithPath: path))
    }
}
