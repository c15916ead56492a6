import Foundation
import KubeTestSupport
import KubernetesClient
import ServiceModel

/// One integration test's world: a namespace holding the training pod (the test plays its kubelet by patching
/// `pods/status`), and a temporary directory with the job document, the host's ML root, a `file://` output path,
/// a `file://` checkpoint store and the termination log.
struct SidecarFixture {
    let cluster: KubeCluster
    let client: KubernetesClient
    let namespace: String
    let directory: String
    let jobName: String
    let podName = "train-algo-1"

    var pods: ResourceClient<Pod> { client.resources(.pods, namespace: namespace) }
    var jobFile: String { directory + "/job.json" }
    var root: String { directory + "/root" }
    var outputDirectory: String { directory + "/output" }
    var modelArchive: String { "\(outputDirectory)/\(jobName)/output/model.tar.gz" }
    var outputArchive: String { "\(outputDirectory)/\(jobName)/output/output.tar.gz" }
    var checkpointStore: String { directory + "/checkpoint-store" }
    var terminationLog: String { directory + "/termination-log" }

    /// A namespace with the pod (containers `containers`) and the job's files; `checkpoints` adds a
    /// CheckpointConfig.
    static func make(
        _ prefix: String, checkpoints: Bool = true, containers: [String] = ["algo", "runtime"]
    ) async throws -> SidecarFixture {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: prefix)
        let directory = NSTemporaryDirectory() + "sidecar-\(prefix)-" + UUID().uuidString.prefix(8)
        let fixture = SidecarFixture(
            cluster: cluster, client: client, namespace: namespace, directory: directory,
            jobName: "job-\(prefix)")
        try fixture.writeJob(checkpoints: checkpoints)
        try fixture.write("weights", to: "model/weights.bin")
        try fixture.write("{\"loss\": 0.1}", to: "output/data/metrics.json")
        try await fixture.createPod(containers: containers)
        return fixture
    }

    /// Removes the namespace (in the background) and the directory.
    func tearDown() {
        let client = self.client
        let namespace = self.namespace
        Task { try? await client.resources(.namespaces).delete(namespace) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts `sage-runtime sidecar` as the pod would (result and failure in one termination log unless told).
    func startSidecar(
        upload: Bool, checkpointInterval: Int = 1, podName: String? = nil, resultFile: String? = nil,
        failureFile: String? = nil, kubeconfig: String? = nil
    ) throws -> SidecarProcess {
        var arguments = [
            "sidecar", "--job", jobFile, "--host", "algo-1", "--root", root, "--container", "algo",
            "--checkpoint-interval", String(checkpointInterval), "--failure-file", failureFile ?? terminationLog,
            "--result-file", resultFile ?? terminationLog,
        ]
        if upload { arguments.append("--upload") }
        return try SidecarProcess(
            arguments: arguments,
            environment: [
                "KUBECONFIG": kubeconfig ?? cluster.kubeconfigPath, "HOME": directory, "PATH": "/usr/bin:/bin",
                "POD_NAME": podName ?? self.podName, "POD_NAMESPACE": namespace, "AWS_REGION": "us-east-1",
            ],
            logPath: directory + "/sidecar.log")
    }

    // MARK: The kubelet's part

    /// A running container's state.
    static let running: JSONValue = ["running": ["startedAt": "2026-01-01T00:00:00Z"]]

    /// A terminated container's state.
    static func terminated(_ exitCode: Int, _ reason: String) -> JSONValue {
        [
            "terminated": [
                "exitCode": .int(Int64(exitCode)), "reason": .string(reason), "startedAt": "2026-01-01T00:00:00Z",
                "finishedAt": "2026-01-01T00:01:00Z",
            ]
        ]
    }

    /// Reports container `algo` in `state` (and `runtime` running), as the kubelet would.
    func setAlgorithm(_ state: JSONValue) async throws {
        func status(_ name: String, _ state: JSONValue) -> JSONValue {
            [
                "name": .string(name), "ready": false, "restartCount": 0, "image": .string("example.invalid/\(name):1"),
                "imageID": "", "state": state,
            ]
        }
        _ = try await pods.patch(
            podName,
            with: [
                "status": [
                    "phase": "Running", "containerStatuses": [status("algo", state), status("runtime", Self.running)],
                ]
            ], subresource: "status")
    }

    // MARK: Files

    /// Writes `text` at `relative` under the ML root.
    func write(_ text: String, to relative: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The contents of the file at `path`, when it exists.
    func contents(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// The members of the gzip tar at `path`.
    func archiveMembers(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tzf", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    // MARK: Setup

    private func writeJob(checkpoints: Bool) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var request: [String: JSONValue] = [
            "AlgorithmSpecification": ["TrainingImage": "example.invalid/algo:1", "TrainingInputMode": "File"],
            "OutputDataConfig": ["S3OutputPath": .string("file://" + outputDirectory)],
            "ResourceConfig": ["InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1],
            "StoppingCondition": ["MaxRuntimeInSeconds": 3600],
            "RoleArn": "arn:aws:iam::000000000000:role/sagemaker",
        ]
        if checkpoints {
            request["CheckpointConfig"] = [
                "S3Uri": .string("file://" + checkpointStore), "LocalPath": "/opt/ml/checkpoints",
            ]
        }
        let document: JSONValue = [
            "TrainingJobName": .string(jobName),
            "TrainingJobArn": .string("arn:aws:sagemaker:us-east-1:000000000000:training-job/\(jobName)"),
            "Request": .object(request),
        ]
        guard FileManager.default.createFile(atPath: jobFile, contents: Data(document.serialized())) else {
            throw SetupError("cannot write \(jobFile)")
        }
    }

    private func createPod(containers: [String]) async throws {
        let pod = Pod(json: [
            "metadata": ["name": .string(podName)],
            "spec": [
                "restartPolicy": "Never",
                "automountServiceAccountToken": false,
                "containers": .array(
                    containers.map { ["name": .string($0), "image": .string("example.invalid/\($0):1")] }),
            ],
        ])
        // The ServiceAccount admission plugin refuses pods until the namespace's `default` account exists.
        try await eventually("pod \(podName) created", timeout: .seconds(40)) {
            do {
                _ = try await pods.create(pod)
                return true
            } catch let error as KubernetesError where error.reason == .forbidden {
                return false
            }
        }
    }
}
