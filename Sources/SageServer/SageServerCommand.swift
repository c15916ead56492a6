import ArgumentParser
import Foundation
import Hummingbird
import KubeBackend
import KubernetesClient
import LocalBackend
import Logging
import SageAPI
import TrainingJobs

/// `sage-server`: the SageMaker-compatible training API on the local backend or on Kubernetes.
@main
struct SageServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sage-server",
        abstract: "Serve SageMaker's training-job API (AWS JSON 1.1) and run the jobs.",
        discussion: """
            Every option can also be set through the environment variable named in its help; a flag wins over the \
            environment.
            """)

    @Option(help: "Address to listen on (SAGE_HOST). Default: 127.0.0.1.")
    var host: String?
    @Option(help: "Port to listen on, 0 for any free one (SAGE_PORT). Default: 8080.")
    var port: Int?
    @Option(
        name: .customLong("state-dir"),
        help: "Database and job directories (SAGE_STATE_DIR). Default: ~/.local/state/sagetrain.")
    var stateDirectory: String?
    @Option(help: "Where jobs run: local or kube (SAGE_BACKEND). Default: local.")
    var backend: String?
    @Option(
        name: .customLong("kube-namespace"),
        help: "kube: the namespace of the jobs' objects (SAGE_KUBE_NAMESPACE). Default: the context's or the pod's.")
    var kubeNamespace: String?
    @Option(
        name: .customLong("kube-context"), help: "kube: the kubeconfig context (SAGE_KUBE_CONTEXT). Default: current.")
    var kubeContext: String?
    @Option(
        name: .customLong("kube-runtime-image"),
        help: "kube: the image with sage-runtime (SAGE_KUBE_RUNTIME_IMAGE). Default: sagetrain-trainer:latest.")
    var kubeRuntimeImage: String?
    @Option(
        name: .customLong("kube-s3-secret"),
        help: "kube: the Secret with the jobs' AWS credentials (SAGE_KUBE_S3_SECRET). Default: sagetrain-s3.")
    var kubeS3Secret: String?
    @Option(
        name: .customLong("kube-instance-types"),
        help: "kube: a JSON instance-type table (SAGE_KUBE_INSTANCE_TYPES). Default: the built-in ml.* table.")
    var kubeInstanceTypes: String?
    @Option(
        name: .customLong("kube-image-pull-policy"),
        help: "kube: Always, IfNotPresent or Never (SAGE_KUBE_IMAGE_PULL_POLICY). Default: IfNotPresent.")
    var kubeImagePullPolicy: String?
    @Option(help: "Region in ARNs (SAGE_REGION). Default: us-east-1.")
    var region: String?
    @Option(help: "Account id in ARNs (SAGE_ACCOUNT). Default: 123456789012.")
    var account: String?
    @Option(
        name: .customLong("image-map"), help: "JSON file mapping training images to local commands (SAGE_IMAGE_MAP).")
    var imageMap: String?
    @Option(
        name: .customLong("s3-endpoint"),
        help:
            "S3 endpoint the jobs' data and artifacts use, e.g. http://127.0.0.1:8333 (SAGE_S3_ENDPOINT, else AWS_ENDPOINT_URL_S3). Jobs get the server's AWS credentials (AWS_ACCESS_KEY_ID ..., AWS_PROFILE)."
    )
    var s3Endpoint: String?
    @Option(
        name: .customLong("jobs-output-path"),
        help:
            "Where /jobs alias jobs store model.tar.gz: an s3:// or file:/// URI (SAGE_JOBS_OUTPUT_PATH). Default: file://<state-dir>/output."
    )
    var jobsOutputPath: String?
    @Option(
        name: .customLong("credentials-file"),
        help:
            "File of 'ACCESS_KEY_ID SECRET_ACCESS_KEY' lines; when given, requests must be SigV4-signed with one of them (SAGE_CREDENTIALS_FILE)."
    )
    var credentialsFile: String?
    @Option(
        name: .customLong("stop-grace-seconds"),
        help: "Seconds between SIGTERM and SIGKILL when a job stops (SAGE_STOP_GRACE_SECONDS). Default: 120.")
    var stopGraceSeconds: Int?
    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error (SAGE_LOG_LEVEL). Default: info.")
    var logLevel: String?
    @Option(name: .customLong("log-format"), help: "json or text (SAGE_LOG_FORMAT). Default: json.")
    var logFormat: String?
    @Option(name: .customLong("ready-file"), help: "Write the server's URL to this file once it listens.")
    var readyFile: String?

    func run() async throws {
        let settings = try ServerSettings(command: self, environment: ProcessInfo.processInfo.environment)
        let format = settings.logFormat
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == "text" ? StreamLogHandler.standardError(label: label) : JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sagetrain")
        if let kube = settings.kube {
            let client = try KubernetesClient(configuration: kube.configuration, logger: logger)
            defer { client.shutdown() }
            let records = ClusterJobRecords(client: client, settings: kube.manifests, logger: logger)
            let backend = KubeBackend(client: client, settings: kube.manifests, records: records, logger: logger)
            logger.info(
                "Kubernetes backend",
                metadata: [
                    "kubernetes.server": "\(kube.configuration.server)", "namespace": "\(kube.manifests.namespace)",
                ])
            let application = try await SageAPIServer.makeApplication(
                configuration: settings.api, backend: backend, records: records, logger: logger)
            try await application.runService()
        } else {
            let backend = LocalBackend(configuration: settings.localBackend, logger: logger)
            let application = try await SageAPIServer.makeApplication(
                configuration: settings.api, backend: backend, logger: logger)
            try await application.runService()
        }
    }
}
