import Foundation
import Logging
import S3Client
import ServiceModel
import TrainingJobs

/// The job as its runtime sees it: the specification the backend handed over (a `job.json` file) and one host's
/// ML root. Creates the S3 client only when an `s3://` location needs it, so `file://` jobs need no credentials.
public struct RuntimeJob: Sendable {
    /// The job.
    public let specification: TrainingJobSpecification
    /// The host this runtime serves (`algo-N`).
    public let host: String
    /// The host's ML root (`/opt/ml` in a container).
    public let root: String
    /// The environment, for the S3 configuration.
    public let environment: [String: String]
    let logger: Logger

    /// Reads the job file.
    public init(
        jobFile: String, host: String, root: String, environment: [String: String], logger: Logger
    ) throws(StagingError) {
        guard let data = FileManager.default.contents(atPath: jobFile) else {
            throw .fileSystem(path: jobFile, message: "cannot be read")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: Array(data)) } catch {
            throw .fileSystem(path: jobFile, message: "not JSON: \(error)")
        }
        guard let specification = TrainingJobSpecification(document: document) else {
            throw .fileSystem(path: jobFile, message: "not a job document")
        }
        guard specification.hostNames.contains(host) else {
            throw .fileSystem(path: jobFile, message: "the job has no host \(host)")
        }
        self.specification = specification
        self.host = host
        self.root = root
        self.environment = environment
        self.logger = logger
    }

    /// The container contract of this host (the master address and CPU count do not matter to the runtime).
    public var contract: ContainerContract {
        ContainerContract(job: specification, currentHost: host, root: root, master: ("algo-1", 0), cpuCount: 1)
    }

    /// An S3 client configured from the environment the backend passed.
    func makeS3Client() throws(StagingError) -> S3Client {
        let configuration: S3Configuration
        do { configuration = try S3Configuration.fromEnvironment(environment) } catch {
            throw .s3Configuration(error.description)
        }
        do { return try S3Client(configuration: configuration, logger: logger) } catch {
            throw .s3Configuration(error.description)
        }
    }
}
