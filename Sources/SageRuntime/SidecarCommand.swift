import ArgumentParser
import Foundation
import Glibc
import JobRuntime
import KubernetesClient
import Logging
import TrainingJobs

extension SageRuntimeCommand {
    /// `sage-runtime sidecar`: container `runtime` of a Kubernetes training pod, beside the algorithm's container.
    struct Sidecar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Runs beside the algorithm's container in a Kubernetes pod: pushes checkpoints while it runs, waits \
                (watching the pod) until it has terminated, even after SIGTERM, then stores the outputs.
                """,
            discussion: """
                The pod's name and namespace come from POD_NAME and POD_NAMESPACE; the API server from KUBECONFIG \
                when set, else the pod's service account. The result (`model artifacts: URI`, or `model \
                artifacts: none` when nothing was stored) goes to --result-file and the exit status is 0; a failure \
                reason goes to --failure-file and the exit status is 1.
                """)
        @OptionGroup var options: JobOptions
        @Option(help: "The algorithm's container in this pod.")
        var container = "algo"
        @Option(help: "Seconds between checkpoint pushes while the algorithm runs.")
        var checkpointInterval = 10
        @Option(help: "Where to write the one-line result.")
        var resultFile: String?
        @Flag(help: "Package and store the outputs when the algorithm succeeded or was stopped (the first host).")
        var upload = false

        func run() async throws {
            // First: SIGTERM must not end the process while the algorithm finishes.
            let termination = TerminationSignal.install()
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = .info
                return handler
            }
            let logger = Logger(label: "sage-runtime")
            let succeeded = report(await follow(termination: termination, logger: logger), logger: logger)
            // Not `exit`: a cancelled watch's transfer thread may still be winding down, and the C libraries'
            // exit-time cleanup (OpenSSL's) under it crashes the process, turning the exit status into a SIGSEGV.
            fflush(nil)
            _exit(succeeded ? 0 : 1)
        }

        /// Writes the result or the failure reason; whether the sidecar succeeded.
        private func report(_ outcome: SidecarMachine.Outcome, logger: Logger) -> Bool {
            let failure: String
            switch outcome {
            case .completed(let modelArtifacts):
                let line = "model artifacts: \(modelArtifacts ?? "none")"
                logger.info("\(line)")
                guard let resultFile else { return true }
                if TerminationMessage.write(line, to: resultFile) { return true }
                failure = "InternalServerError: the result file \(resultFile) cannot be written"
            case .failed(let reason):
                failure = reason
            }
            logger.error("\(failure)")
            if let failureFile = options.failureFile { TerminationMessage.write(failure, to: failureFile) }
            return false
        }

        private func follow(termination: TerminationSignal, logger: Logger) async -> SidecarMachine.Outcome {
            let environment = ProcessInfo.processInfo.environment
            guard let podName = environment["POD_NAME"], !podName.isEmpty else {
                return .failed(reason: "InternalServerError: POD_NAME is not set (the sidecar must know its pod)")
            }
            let job: RuntimeJob
            do { job = try options.load(logger: logger) } catch {
                return .failed(reason: "InternalServerError: the job cannot be read: \(error)")
            }
            let client: KubernetesClient
            do {
                client = try KubernetesClient(
                    configuration: try Self.kubernetesConfiguration(environment: environment), logger: logger)
            } catch {
                return .failed(reason: "InternalServerError: the Kubernetes API cannot be used: \(error)")
            }
            defer { client.shutdown() }
            let namespace = environment["POD_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 }
            let pods = client.resources(.pods, namespace: namespace)
            logger.info(
                "following container \(container) of pod \(pods.namespace ?? "?")/\(podName)",
                metadata: ["training-job.name": "\(job.specification.name)", "host": "\(job.host)"])
            let runner = SidecarRunner(
                job: job, pods: pods, podName: podName, container: container,
                checkpointInterval: .seconds(max(1, checkpointInterval)), uploadsOutputs: upload,
                termination: termination, logger: logger)
            return await runner.run()
        }

        /// `KUBECONFIG` when set (tests, a sidecar run by hand), else the pod's service account when in a pod
        /// (whatever `~/.kube/config` the image may hold), else what kubectl would use.
        static func kubernetesConfiguration(
            environment: [String: String]
        ) throws(KubernetesConfigurationError) -> KubernetesConfiguration {
            if environment["KUBECONFIG"]?.isEmpty == false { return try .load(environment: environment) }
            if environment["KUBERNETES_SERVICE_HOST"]?.isEmpty == false {
                return try .inCluster(environment: environment)
            }
            return try .load(environment: environment)
        }
    }
}
