import Foundation
import LocalProcess
import Logging
import Synchronization

/// Packages a directory as a gzip tar (`model.tar.gz`, `output.tar.gz`) at a `file://` output location.
struct ModelPackager: Sendable {
    /// Packaging failed.
    struct PackagingError: Error, CustomStringConvertible {
        var description: String
    }

    let logger: Logger

    /// Writes the contents of `directory` as a gzip tar to `destination` (a path); the file appears complete or not
    /// at all.
    func package(_ directory: String, to destination: String, environment: [String: String]) async throws {
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let partial = destination + ".partial"
        let output = OutputCollector()
        let tar = try HostProcess.launch(
            ProcessLaunch(
                executable: "tar", arguments: ["-czf", partial, "-C", directory, "."], environment: environment,
                workingDirectory: directory),
            logger: logger, onLine: { output.append($0.text) })
        let termination = await tar.waitForExit()
        guard termination.isSuccess else {
            try? FileManager.default.removeItem(atPath: partial)
            throw PackagingError(description: "tar \(termination): \(output.text)")
        }
        guard rename(partial, destination) == 0 else {
            throw PackagingError(description: "cannot move the archive to \(destination): errno \(errno)")
        }
    }

    /// Whether `directory` holds any entry.
    static func hasContents(_ directory: String) -> Bool {
        !((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).isEmpty
    }
}

/// Keeps the first lines a helper process printed, for an error message.
final class OutputCollector: Sendable {
    private let lines = Mutex([String]())

    func append(_ line: String) { lines.withLock { if $0.count < 20 { $0.append(line) } } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
