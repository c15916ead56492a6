import Foundation
import Testing

@testable import Trainer

/// Fixtures for the trainer's tests: IDX bytes, ML roots, the trainer executable and Debian's Python.
enum TestSupport {
    /// Debian's Fashion-MNIST (package dataset-fashion-mnist), MNIST's format.
    static let fashionMNIST = "/usr/share/datasets/fashion-mnist"
    /// Debian's Python, which has python3-torch (the default `python3` may be another interpreter).
    static let debianPython = "/usr/bin/python3"

    /// An IDX file of unsigned bytes with `dimensions` and `data` (or `data` bytes of a counter).
    static func idx(_ dimensions: [Int], data: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for size in dimensions { bytes += withUnsafeBytes(of: UInt32(size).bigEndian) { Array($0) } }
        return bytes + (data ?? (0..<dimensions.reduce(1, *)).map { UInt8($0 % 251) })
    }

    /// A fresh directory, removed by the caller.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `bytes` to `path`, creating its directory.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes a JSON object to `path`.
    static func writeJSON(_ object: Any, to path: String) throws {
        try write([UInt8](JSONSerialization.data(withJSONObject: object)), to: path)
    }

    /// An ML root with `hyperparameters` and, unless `linkData` is false, Fashion-MNIST in the training channel.
    static func mlRoot(
        hyperparameters: [String: String], linkData: Bool = true, checkpoints: Bool = false
    ) throws -> String {
        let root = try temporaryDirectory("trainer-root")
        try writeJSON(hyperparameters, to: root + "/input/config/hyperparameters.json")
        try writeJSON(["training": ["TrainingInputMode": "File"]], to: root + "/input/config/inputdataconfig.json")
        let training = root + "/input/data/training"
        try FileManager.default.createDirectory(atPath: training, withIntermediateDirectories: true)
        if linkData {
            for name in try FileManager.default.contentsOfDirectory(atPath: fashionMNIST) {
                try FileManager.default.createSymbolicLink(
                    atPath: training + "/" + name, withDestinationPath: fashionMNIST + "/" + name)
            }
        }
        if checkpoints {
            try writeJSON(
                ["LocalPath": "/opt/ml/checkpoints", "S3Uri": "s3://bucket/checkpoints"],
                to: root + "/input/config/checkpointconfig.json")
        }
        return root
    }

    /// The `trainer` executable next to the test bundle (`TRAINER_BIN` overrides).
    static var trainerExecutable: String {
        if let path = ProcessInfo.processInfo.environment["TRAINER_BIN"] { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("trainer").path
    }

    /// The outcome of a finished process.
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Starts `executable`; its merged output goes to `logFile`.
    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], logFile: String
    ) throws -> Process {
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    /// Waits for `process` and reads its log.
    static func finish(_ process: Process, logFile: String) -> Outcome {
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, output: output)
    }

    /// Runs the trainer on `root` (one rank unless `environment` says otherwise).
    static func runTrainer(root: String, environment: [String: String] = [:]) throws -> Outcome {
        let logFile = root + "/trainer.log"
        let process = try start(
            trainerExecutable, ["train"],
            environment: environment.merging([
                "SAGEMAKER_BASE_DIR": root, "WORLD_SIZE": "1", "RANK": "0",
            ]) { current, _ in current }, logFile: logFile)
        return finish(process, logFile: logFile)
    }

    /// The trimmed contents of `output/failure` under `root`.
    static func failureReason(root: String) -> String? {
        (try? String(contentsOfFile: root + "/output/failure", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether Debian's Python has torch.
    static var debianPythonHasTorch: Bool {
        guard FileManager.default.isExecutableFile(atPath: debianPython) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: debianPython)
        process.arguments = ["-c", "import torch"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The flattened parameters of the model saved under `root`, loaded into a network of its model.json.
    static func savedParameters(root: String) throws -> [Float] {
        let description = try #require(
            ArtifactWriter.readJSON(ModelDescription.self, from: root + "/model/model.json"))
        let model = try TorchModel(description.network)
        try model.load(from: root + "/model/model.pt")
        return try model.flatParameters()
    }

    /// `metrics.json` under `root`.
    static func metrics(root: String) throws -> TrainingSummary {
        try #require(ArtifactWriter.readJSON(TrainingSummary.self, from: root + "/output/data/metrics.json"))
    }
}
