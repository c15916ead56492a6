import Foundation
import Glibc
import Logging
import Synchronization
import Testing

@testable import LocalProcess

/// Collects the lines a process delivers, for inspection from tests.
final class LineCollector: Sendable {
    private let lines = Mutex<[OutputLine]>([])

    /// The `onLine` callback to pass to `HostProcess.launch`.
    var callback: @Sendable (OutputLine) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }

    var all: [OutputLine] { lines.withLock { $0 } }
    var texts: [String] { all.map(\.text) }

    /// Polls until a line satisfies `predicate`, for up to `timeout`.
    func waitForLine(timeout: Duration = .seconds(60), where predicate: (String) -> Bool) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = texts.first(where: predicate) { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "LocalProcessTests")
    logger.logLevel = .critical
    return logger
}()

let testEnvironment = ["PATH": "/usr/bin:/bin"]

/// Launches `/bin/sh -c script` with a minimal environment in /tmp.
func launchScript(
    _ script: String, drainTimeout: Duration = .seconds(5),
    maximumLineLength: Int = ProcessLaunch.defaultMaximumLineLength
) throws -> (HostProcess, LineCollector) {
    let collector = LineCollector()
    let launch = ProcessLaunch(
        executable: "/bin/sh", arguments: ["-c", script], environment: testEnvironment, workingDirectory: "/tmp",
        maximumLineLength: maximumLineLength, outputDrainTimeout: drainTimeout)
    let process = try HostProcess.launch(launch, logger: testLogger, onLine: collector.callback)
    return (process, collector)
}

/// Whether `pid` names a running (not zombie) process.
func isRunning(_ pid: Int32) -> Bool {
    ProcessStatus.read(pid).map { !$0.isDead } ?? false
}

/// Runs `body` with a fresh empty directory under /tmp, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    var template = Array("/tmp/localprocess-test-XXXXXX".utf8CString)
    guard let path = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let directory = String(cString: path)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}
