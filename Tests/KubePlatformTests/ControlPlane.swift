import Foundation
import KubeBackend
import KubeTestSupport
import KubernetesClient
import Logging
import ServiceModel
import TrainingJobs

@testable import SageAPI

/// One control plane (the platform over the Kubernetes backend and the cluster's records) in a test namespace,
/// as `sage-server --backend kube` runs it, without HTTP.
final class ControlPlane: Sendable {
    let platform: TrainingPlatform
    let operations: TrainingJobOperations
    let stateDirectory: String
    private let follower: Task<Void, Never>

    private init(platform: TrainingPlatform, stateDirectory: String) {
        self.platform = platform
        self.stateDirectory = stateDirectory
        operations = TrainingJobOperations(
            store: platform.store, coordinator: platform.coordinator, identity: ServiceIdentity(),
            rules: CreateTrainingJobRules(), now: platform.now)
        follower = Task { await platform.followExternalChanges() }
    }

    /// Starts a control plane over `namespace`: loads the records, resumes unfinished jobs.
    static func start(client: KubernetesClient, namespace: String) async throws -> ControlPlane {
        let settings = ManifestSettings(namespace: namespace)
        let logger = Logger(label: "kube-platform-test")
        let records = ClusterJobRecords(client: client, settings: settings, logger: logger)
        let backend = KubeBackend(client: client, settings: settings, records: records, logger: logger)
        let stateDirectory = NSTemporaryDirectory() + "kube-platform-" + UUID().uuidString
        let platform = try await TrainingPlatform.open(
            configuration: SageAPIConfiguration(stateDirectory: stateDirectory), backend: backend, records: records,
            logger: logger)
        await platform.coordinator.reconcile()
        return ControlPlane(platform: platform, stateDirectory: stateDirectory)
    }

    /// Stops this control plane as a server shutdown does; the jobs keep running in the cluster.
    func stop() async {
        follower.cancel()
        await platform.coordinator.shutdown()
        await platform.close()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    /// CreateTrainingJob.
    func create(_ request: JSONValue) async throws {
        _ = try await operations.create(request)
    }

    /// The job as DescribeTrainingJob reads it.
    func job(_ name: String) -> TrainingJob? {
        platform.store.job(named: name)
    }

    /// Waits until the job `name` satisfies `condition`.
    func waitFor(
        _ name: String, _ what: String, timeout: Duration = .seconds(30),
        _ condition: @escaping @Sendable (TrainingJob) -> Bool
    ) async throws {
        try await eventually("\(name): \(what)", timeout: timeout) {
            self.job(name).map(condition) ?? false
        }
    }
}

/// A CreateTrainingJob request with S3 data and output.
func trainingRequest(
    _ name: String, hosts: Int = 1, maxRuntime: Int = 3600, extra: [String: JSONValue] = [:]
) -> JSONValue {
    var request: [String: JSONValue] = [
        "TrainingJobName": .string(name),
        "AlgorithmSpecification": ["TrainingImage": "registry.example/trainer:1", "TrainingInputMode": "File"],
        "HyperParameters": ["epochs": "1"],
        "InputDataConfig": [
            [
                "ChannelName": "training",
                "DataSource": ["S3DataSource": ["S3Uri": "s3://data/train/", "S3DataType": "S3Prefix"]],
            ]
        ],
        "OutputDataConfig": ["S3OutputPath": "s3://models/out"],
        "ResourceConfig": [
            "InstanceType": "ml.m5.large", "InstanceCount": .int(Int64(hosts)), "VolumeSizeInGB": 5,
        ],
        "StoppingCondition": ["MaxRuntimeInSeconds": .int(Int64(maxRuntime))],
        "RoleArn": "arn:aws:iam::123456789012:role/train",
    ]
    request.merge(extra) { $1 }
    return .object(request)
}
