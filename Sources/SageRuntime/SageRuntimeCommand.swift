import ArgumentParser
import Foundation
import JobRuntime
import Logging
import TrainingJobs

/// `sage-runtime`: what runs around a training algorithm in its host (a local process or a pod): stage the
/// inputs before it, sync checkpoints while it runs, store the outputs after it.
@main
struct SageRuntimeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sage-runtime",
        abstract: "Stages a training job's data, syncs its checkpoints and stores its outputs (SageMaker's contract).",
        subcommands: [Stage.self, Upload.self, Checkpoints.self, Sidecar.self]
    )
}

/// Options every subcommand takes.
struct JobOptions: ParsableArguments {
    @Option(help: "The job document the backend wrote (name, ARN, CreateTrainingJob request).")
    var job: String
    @Option(help: "This host's name.")
    var host: String = "algo-1"
    @Option(help: "This host's ML root.")
    var root: String = "/opt/ml"
    @Option(help: "Where to write a one-line failure reason before exiting non-zero.")
    var failureFile: String?

    func load(logger: Logger) throws -> RuntimeJob {
        try RuntimeJob(
            jobFile: job, host: host, root: root, environment: ProcessInfo.processInfo.environment, logger: logger)
    }

    /// Runs `body`; on failure writes `prefix + reason` to the failure file and exits 1.
    func run(_ prefix: String, _ body: (Logger) async throws -> Void) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "sage-runtime")
        do {
            try await body(logger)
        } catch {
            let reason = "\(prefix)\(error)"
            logger.error("\(reason)")
            if let failureFile {
                try? (reason + "\n").write(toFile: failureFile, atomically: true, encoding: .utf8)
            }
            throw ExitCode(1)
        }
    }
}

extension SageRuntimeCommand {
    struct Stage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Creates the ML root, writes input/config, downloads every channel and restores checkpoints.")
        @OptionGroup var options: JobOptions
        @Flag(help: "Leave input/config alone (it is mounted, as from a Kubernetes ConfigMap).")
        var noConfig = false

        func run() async throws {
            try await options.run("ClientError: Data download failed: ") { logger in
                let job = try options.load(logger: logger)
                try await InputStager(job: job).stage(writingConfiguration: !noConfig)
            }
        }
    }

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Packages model/ (and output/data/) and stores them under the job's S3OutputPath.")
        @OptionGroup var options: JobOptions

        func run() async throws {
            try await options.run("ClientError: Output upload failed: ") { logger in
                let job = try options.load(logger: logger)
                if job.specification.checkpoint != nil { try await CheckpointSync(job: job).push() }
                let uri = try await OutputUploader(job: job).upload()
                print("model artifacts: \(uri)")
            }
        }
    }

    struct Checkpoints: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Pushes the checkpoint directory to CheckpointConfig.S3Uri periodically until SIGTERM, then once more.")
        @OptionGroup var options: JobOptions
        @Option(help: "Seconds between pushes.")
        var interval: Int = 10

        func run() async throws {
            try await options.run("ClientError: Checkpoint upload failed: ") { logger in
                let job = try options.load(logger: logger)
                let sync = try CheckpointSync(job: job)
                let stop = TerminationSignal.install()
                try await sync.follow(every: .seconds(max(1, interval)), until: { stop.isSet })
            }
        }
    }
}
