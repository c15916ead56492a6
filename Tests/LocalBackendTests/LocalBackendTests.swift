import Foundation
import Logging
import ServiceModel
import Synchronization
import Testing
import TrainingJobs

@testable import LocalBackend

/// Records what the backend reports.
final class RecordingReporter: Sendable {
    let events = Mutex([TrainingJobEvent]())
    let logs = Mutex([LogRecord]())

    var reporter: TrainingJobReporter {
        TrainingJobReporter(
            onEvent: { event in self.events.withLock { $0.append(event) } },
            onLog: { record in self.logs.withLock { $0.append(record) } })
    }

    /// Waits for the last event of a run: the upload's end, a runtime failure, or (unless `stopped`) a failed exit.
    func waitForEnd(stopped: Bool = false) async -> [TrainingJobEvent] {
        for _ in 0..<2_400 {
            let events = events.withLock { $0 }
            if events.contains(where: {
                if case .uploadFinished = $0 { return true }
                if case .runtimeFailed = $0 { return true }
                if !stopped, case .algorithmExited(let reason) = $0, reason != nil { return true }
                return false
            }) {
                return events
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return events.withLock { $0 }
    }
}

@Suite("Local backend: jobs as process groups", .serialized)
struct LocalBackendTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "localbackend-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(toFile: root + "/data/train.csv", atomically: true, encoding: .utf8)
    }

    func backend(script: String, grace: Duration = .seconds(5)) throws -> LocalBackend {
        let path = root + "/algorithm.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return LocalBackend(
            configuration: LocalBackendConfiguration(
                jobsDirectory: root + "/jobs",
                imageMap: ImageMap(entries: ["algo:1": .init(entrypoint: ["/bin/sh", path])]),
                stopGracePeriod: grace, cpuCount: 2, region: "us-east-1",
                inheritedEnvironment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]),
            logger: logger)
    }

    func job(_ name: String, hosts: Int = 1, image: String = "algo:1") -> TrainingJobSpecification {
        TrainingJobSpecification(
            name: name, arn: "arn:\(name)",
            request: [
                "AlgorithmSpecification": ["TrainingImage": .string(image), "TrainingInputMode": "File"],
                "HyperParameters": ["epochs": "2"],
                "InputDataConfig": [
                    [
                        "ChannelName": "training",
                        "DataSource": [
                            "S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": .string("file://\(root)/data")]
                        ],
                    ]
                ],
                "OutputDataConfig": ["S3OutputPath": .string("file://\(root)/out")],
                "ResourceConfig": [
                    "InstanceType": "ml.m5.large", "InstanceCount": .int(Int64(hosts)), "VolumeSizeInGB": 1,
                ],
            ])
    }

    @Test func runsStagesLogsAndPackagesTheModel() async throws {
        let backend = try backend(
            script: """
                echo "argument $1"
                echo "channel $(cat "$SM_CHANNEL_TRAINING/train.csv" | head -1)"
                echo "hps $(cat "$SAGEMAKER_BASE_DIR/input/config/hyperparameters.json")"
                echo model > "$SM_MODEL_DIR/model.txt"
                echo metrics > "$SM_OUTPUT_DATA_DIR/metrics.txt"
                echo "to stderr" >&2
                """)
        let recorder = RecordingReporter()
        try await backend.launch(job("Good"), reporter: recorder.reporter)
        let events = await recorder.waitForEnd()
        let artifacts = "file://\(root)/out/Good/output/model.tar.gz"
        #expect(
            events == [
                .inputStagingStarted, .algorithmStarted, .algorithmExited(failureReason: nil), .uploadStarted,
                .uploadFinished(modelArtifacts: artifacts),
            ])
        let lines = recorder.logs.withLock { $0.map(\.message) }
        #expect(lines == ["argument train", "channel a,b", #"hps {"epochs":"2"}"#, "to stderr"])
        #expect(recorder.logs.withLock { $0.allSatisfy { $0.stream.hasPrefix("Good/algo-1-") } })
        let listing = try String(
            decoding: run("/bin/tar", "-tzf", root + "/out/Good/output/model.tar.gz"), as: UTF8.self)
        #expect(listing.contains("model.txt"))
        #expect(FileManager.default.fileExists(atPath: root + "/out/Good/output/output.tar.gz"))
    }

    @Test func aFailureFileBecomesTheReason() async throws {
        let backend = try backend(script: #"echo "bad data in row 7" > "$SAGEMAKER_BASE_DIR/output/failure"; exit 3"#)
        let recorder = RecordingReporter()
        try await backend.launch(job("Failing"), reporter: recorder.reporter)
        let events = await recorder.waitForEnd()
        #expect(events.last == .algorithmExited(failureReason: "bad data in row 7"))
    }

    @Test func anExitCodeWithoutFailureFile() async throws {
        let backend = try backend(script: "exit 4")
        let recorder = RecordingReporter()
        try await backend.launch(job("Exit4"), reporter: recorder.reporter)
        #expect(await recorder.waitForEnd().last == .algorithmExited(failureReason: "AlgorithmError: Exit Code: 4"))
    }

    @Test func anUnmappedImageFailsWithTheSettingToAdd() async throws {
        let backend = try backend(script: "true")
        let recorder = RecordingReporter()
        try await backend.launch(job("Unmapped", image: "nowhere:1"), reporter: recorder.reporter)
        guard case .runtimeFailed(let reason) = await recorder.waitForEnd().last else {
            Issue.record("expected a runtime failure")
            return
        }
        #expect(reason.contains("nowhere:1"))
        #expect(reason.contains("--image-map"))
    }

    @Test func stopTerminatesAfterTheGracePeriodAndStillPackages() async throws {
        let backend = try backend(
            script: #"trap '' TERM; echo started; echo m > "$SM_MODEL_DIR/m"; while true; do sleep 0.1; done"#,
            grace: .milliseconds(500))
        let recorder = RecordingReporter()
        try await backend.launch(job("Stubborn"), reporter: recorder.reporter)
        #expect(await eventuallyTrue { recorder.logs.withLock { $0.contains { $0.message == "started" } } })
        let start = ContinuousClock.now
        await backend.stop(jobNamed: "Stubborn", reason: .userRequest)
        #expect(ContinuousClock.now - start >= .milliseconds(450))
        let events = await recorder.waitForEnd(stopped: true)
        #expect(events.last == .uploadFinished(modelArtifacts: "file://\(root)/out/Stubborn/output/model.tar.gz"))
    }

    @Test func hostsGetRanksAndOneFailureStopsTheOthers() async throws {
        let backend = try backend(
            script: """
                echo "rank $RANK of $WORLD_SIZE at $MASTER_ADDR:$MASTER_PORT host $SM_CURRENT_HOST"
                if [ "$RANK" = 1 ]; then sleep 0.3; exit 9; fi
                sleep 30
                """, grace: .milliseconds(200))
        let recorder = RecordingReporter()
        let start = ContinuousClock.now
        try await backend.launch(job("Pair", hosts: 2), reporter: recorder.reporter)
        let events = await recorder.waitForEnd()
        #expect(ContinuousClock.now - start < .seconds(25))  // the healthy host sleeps 30 s unless stopped
        #expect(events.last == .algorithmExited(failureReason: "AlgorithmError: Exit Code: 9"))
        let lines = recorder.logs.withLock { $0 }
        #expect(
            Set(lines.map { $0.message.split(separator: " ").prefix(4).joined(separator: " ") }) == [
                "rank 0 of 2", "rank 1 of 2",
            ])
        #expect(
            Set(lines.map { String($0.stream.split(separator: "-").dropLast().joined(separator: "-")) }) == [
                "Pair/algo-1", "Pair/algo-2",
            ])
    }

    func eventuallyTrue(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2_400 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    func run(_ executable: String, _ arguments: String...) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
