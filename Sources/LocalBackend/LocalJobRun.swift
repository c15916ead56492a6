import Foundation
import Glibc
import LocalProcess
import Logging
import Synchronization
import TrainingJobs

/// One job on the local backend: stages its inputs, runs its hosts as process groups, waits, and packages the model.
final class LocalJobRun: Sendable {
    private struct State {
        var hosts: [HostProcess] = []
        var stopReason: StopReason?
    }

    let job: TrainingJobSpecification
    private let reporter: TrainingJobReporter
    private let configuration: LocalBackendConfiguration
    private let logger: Logger
    private let state = Mutex(State())

    init(
        job: TrainingJobSpecification, reporter: TrainingJobReporter, configuration: LocalBackendConfiguration,
        logger: Logger
    ) {
        self.job = job
        self.reporter = reporter
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "training-job.name"] = "\(job.name)"
        self.logger = logger
    }

    /// The job's working directory.
    var directory: String { configuration.jobsDirectory + "/" + job.name }

    /// Runs the job to its end, reporting every step.
    func run() async {
        guard let command = resolveCommand() else {
            await reporter.report(
                .runtimeFailed(
                    reason: """
                        ClientError: no local command is configured for training image '\(job.trainingImage)'. \
                        Add it to the image map (--image-map or SAGE_IMAGE_MAP), for example \
                        {"images": {"\(job.trainingImage)": {"entrypoint": ["/path/to/program"]}}}
                        """))
            return
        }
        await reporter.report(.inputStagingStarted)
        let contracts: [ContainerContract]
        let runtime: JobRuntimeProcess
        do {
            let port = try FreePort.find()
            contracts = job.hostNames.map { host in
                ContainerContract(
                    job: job, currentHost: host, root: directory + "/" + host, master: ("127.0.0.1", port),
                    cpuCount: max(1, configuration.cpuCount / job.hostNames.count))
            }
            runtime = try JobRuntimeProcess(
                job: job, directory: directory, configuration: configuration, logger: logger)
        } catch {
            await reporter.report(
                .runtimeFailed(reason: "InternalServerError: the job could not be prepared: \(error)"))
            return
        }
        if let failure = await runtime.stage(contracts) {
            await reporter.report(.runtimeFailed(reason: failure))
            return
        }
        switch launchHosts(contracts, command: command) {
        case .failure(let error):
            await reporter.report(
                .runtimeFailed(reason: "ClientError: the training program could not be started: \(error)"))
            return
        case .success(let hosts) where !hosts.isEmpty:
            await reporter.report(.algorithmStarted)
            let checkpointing = runtime.followCheckpoints(contracts)
            let failure = await waitForHosts(hosts, contracts: contracts)
            await runtime.finish(checkpointing)
            await reporter.report(.algorithmExited(failureReason: failure))
            if failure != nil, state.withLock({ $0.stopReason }) == nil { return }
        case .success:
            break  // stopped before launch
        }
        await reporter.report(.uploadStarted)
        switch await runtime.upload(contracts[0]) {
        case .success(let artifacts): await reporter.report(.uploadFinished(modelArtifacts: artifacts))
        case .failure(let reason): await reporter.report(.runtimeFailed(reason: reason.description))
        }
    }

    /// Asks the job to stop: no launch if it has not started, else SIGTERM, the grace period, SIGKILL.
    func stop(reason: StopReason, gracePeriod: Duration? = nil) async {
        let hosts = state.withLock { state -> [HostProcess] in
            if state.stopReason == nil { state.stopReason = reason }
            return state.hosts
        }
        await withTaskGroup(of: Void.self) { group in
            for host in hosts {
                group.addTask { [configuration] in
                    _ = await host.terminate(gracePeriod: gracePeriod ?? configuration.stopGracePeriod)
                }
            }
        }
    }

    private struct Command {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        var workingDirectory: String?
    }

    private func resolveCommand() -> Command? {
        let entry = configuration.imageMap.entry(for: job.trainingImage)
        let entrypoint = job.containerEntrypoint ?? entry?.entrypoint
        guard let entrypoint, let executable = entrypoint.first, entry != nil || job.containerEntrypoint != nil else {
            return nil
        }
        // As `docker run IMAGE train`: the image's entry point gets `train`, unless ContainerArguments replace it; a
        // ContainerEntrypoint "takes precedence over the default train processing instructions" and gets only the
        // ContainerArguments.
        let defaultArguments = job.containerEntrypoint == nil ? ["train"] : []
        return Command(
            executable: executable,
            arguments: Array(entrypoint.dropFirst()) + (job.containerArguments ?? defaultArguments),
            environment: entry?.environment ?? [:], workingDirectory: entry?.workingDirectory)
    }

    private func launchHosts(
        _ contracts: [ContainerContract], command: Command
    ) -> Result<[HostProcess], ProcessLaunchError> {
        state.withLock { state in
            guard state.stopReason == nil else { return .success([]) }
            for contract in contracts {
                var environment = configuration.inheritedEnvironment.merging(command.environment) { $1 }
                environment["AWS_REGION"] = configuration.region
                environment["AWS_DEFAULT_REGION"] = configuration.region
                environment.merge(contract.environment) { $1 }
                let stream = "\(job.name)/\(contract.currentHost)-\(Int(Date().timeIntervalSince1970))"
                let reporter = self.reporter
                do throws(ProcessLaunchError) {
                    let host = try HostProcess.launch(
                        ProcessLaunch(
                            executable: command.executable, arguments: command.arguments, environment: environment,
                            workingDirectory: command.workingDirectory ?? contract.root),
                        logger: logger,
                        onLine: { line in
                            reporter.log(
                                LogRecord(stream: stream, timestamp: line.epochMilliseconds, message: line.text))
                        })
                    state.hosts.append(host)
                } catch {
                    for host in state.hosts { host.signal(SIGKILL) }
                    return .failure(error)
                }
            }
            HostRecord.save(state.hosts.compactMap(\.identity), in: directory)
            return .success(state.hosts)
        }
    }

    /// Waits for every host; the first to fail stops the others. Returns the failure reason, if any.
    private func waitForHosts(_ hosts: [HostProcess], contracts: [ContainerContract]) async -> String? {
        await withTaskGroup(of: (Int, ProcessTermination).self) { group in
            for (index, host) in hosts.enumerated() {
                group.addTask { (index, await host.waitForExit()) }
            }
            var failure: String?
            for await (index, termination) in group where !termination.isSuccess && failure == nil {
                failure = Self.failureReason(root: contracts[index].root, termination: termination)
                logger.info(
                    "host failed",
                    metadata: ["host": "\(contracts[index].currentHost)", "termination": "\(termination)"])
                for (other, host) in hosts.enumerated() where other != index {
                    group.addTask { [configuration] in
                        (other, await host.terminate(gracePeriod: configuration.stopGracePeriod))
                    }
                }
            }
            return failure
        }
    }

    /// The failure file's first 1024 characters, else the exit status in SageMaker's words.
    static func failureReason(root: String, termination: ProcessTermination) -> String {
        if let data = FileManager.default.contents(atPath: root + "/output/failure"),
            case let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        {
            return String(text.prefix(TrainingJob.maximumFailureReasonLength))
        }
        switch termination {
        case .exited(let code): return "AlgorithmError: Exit Code: \(code)"
        case .signaled: return "AlgorithmError: \(termination)"
        }
    }
}
