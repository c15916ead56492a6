import Foundation
import LocalProcess
import Logging
import ServiceModel
import TrainingJobs

/// Runs `sage-runtime` around a job's hosts: `stage` before the algorithm, `checkpoints` beside it while it
/// runs (when the job has a CheckpointConfig), `upload` after it. The same runtime runs in a Kubernetes pod, so
/// the data path is the same on both backends; the server itself never touches the data.
struct JobRuntimeProcess: Sendable {
    /// How long the checkpoint follower gets for its last push after the algorithm ends.
    static let checkpointGracePeriod: Duration = .seconds(120)

    let job: TrainingJobSpecification
    let directory: String
    let configuration: LocalBackendConfiguration
    let logger: Logger
    let jobFile: String

    /// Writes the job document (`job.json`, readable by the owner only) the runtime reads.
    init(
        job: TrainingJobSpecification, directory: String, configuration: LocalBackendConfiguration, logger: Logger
    ) throws {
        self.job = job
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        self.jobFile = directory + "/job.json"
        guard FileManager.default.isExecutableFile(atPath: configuration.runtimeExecutable) else {
            throw RuntimeMissing(path: configuration.runtimeExecutable)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard
            FileManager.default.createFile(
                atPath: jobFile, contents: Data(job.document.serialized()), attributes: [.posixPermissions: 0o600])
        else { throw RuntimeMissing(path: jobFile + " (cannot be written)") }
    }

    /// Stages every host at once; returns the first failure reason, if any.
    func stage(_ contracts: [ContainerContract]) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            for contract in contracts {
                group.addTask { await self.run("stage", for: contract).failure }
            }
            var failure: String?
            for await reason in group where failure == nil { failure = reason }
            return failure
        }
    }

    /// Starts a checkpoint follower per host when the job has a CheckpointConfig.
    func followCheckpoints(_ contracts: [ContainerContract]) -> [HostProcess] {
        guard job.checkpoint != nil else { return [] }
        return contracts.compactMap { contract in
            try? launch("checkpoints", for: contract, output: OutputCollector())
        }
    }

    /// Lets the followers push once more and exit.
    func finish(_ followers: [HostProcess]) async {
        for follower in followers {
            let termination = await follower.terminate(gracePeriod: Self.checkpointGracePeriod)
            if !termination.isSuccess {
                logger.warning("checkpoint sync ended badly", metadata: ["termination": "\(termination)"])
            }
        }
    }

    /// Packages and stores the outputs of `contract`'s host; returns the model artifacts' URI.
    func upload(_ contract: ContainerContract) async -> Result<String, UploadFailure> {
        let outcome = await run("upload", for: contract)
        if let failure = outcome.failure { return .failure(UploadFailure(description: failure)) }
        let prefix = "model artifacts: "
        guard let line = outcome.lines.last(where: { $0.hasPrefix(prefix) }) else {
            return .failure(UploadFailure(description: "InternalServerError: the runtime reported no model artifacts"))
        }
        return .success(String(line.dropFirst(prefix.count)))
    }

    struct UploadFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct RuntimeMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "the job runtime \(path) is missing (build the sage-runtime product)" }
    }

    private func failureFile(_ subcommand: String, _ contract: ContainerContract) -> String {
        "\(directory)/\(contract.currentHost).\(subcommand).failure"
    }

    private func launch(
        _ subcommand: String, for contract: ContainerContract, output: OutputCollector
    ) throws -> HostProcess {
        var environment = configuration.inheritedEnvironment
        environment["AWS_REGION"] = configuration.region
        environment["AWS_DEFAULT_REGION"] = configuration.region
        let failure = failureFile(subcommand, contract)
        try? FileManager.default.removeItem(atPath: failure)
        let logger = self.logger
        return try HostProcess.launch(
            ProcessLaunch(
                executable: configuration.runtimeExecutable,
                arguments: [
                    subcommand, "--job", jobFile, "--host", contract.currentHost, "--root", contract.root,
                    "--failure-file", failure,
                ],
                environment: environment, workingDirectory: directory),
            logger: logger,
            onLine: { line in
                output.append(line.text)
                logger.info("\(line.text)", metadata: ["runtime": "\(subcommand)", "host": "\(contract.currentHost)"])
            })
    }

    /// Runs one runtime step to its end: its output lines, and the failure reason when it failed.
    private func run(_ subcommand: String, for contract: ContainerContract) async -> (failure: String?, lines: [String])
    {
        let output = OutputCollector(keepingLast: true)
        let process: HostProcess
        do { process = try launch(subcommand, for: contract, output: output) } catch {
            return ("InternalServerError: the job runtime could not be started: \(error)", [])
        }
        let termination = await process.waitForExit()
        guard !termination.isSuccess else { return (nil, output.lines) }
        if let data = FileManager.default.contents(atPath: failureFile(subcommand, contract)),
            case let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        {
            return (String(text.prefix(TrainingJob.maximumFailureReasonLength)), output.lines)
        }
        return ("InternalServerError: sage-runtime \(subcommand) \(termination): \(output.text)", output.lines)
    }
}
