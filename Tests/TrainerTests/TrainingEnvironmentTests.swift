import Foundation
import Testing

@testable import Trainer

@Suite("Container contract")
struct TrainingEnvironmentTests {
    @Test func readsTheConfigurationFilesAndTheEnvironment() throws {
        let root = try TestSupport.temporaryDirectory("contract")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TestSupport.writeJSON(["epochs": "3", "lr": 0.5], to: root + "/input/config/hyperparameters.json")
        try TestSupport.writeJSON(
            ["current_host": "algo-2", "hosts": ["algo-1", "algo-2"]], to: root + "/input/config/resourceconfig.json")
        try TestSupport.writeJSON(
            ["training": ["TrainingInputMode": "File"], "test": [:]], to: root + "/input/config/inputdataconfig.json")
        try TestSupport.writeJSON(
            ["LocalPath": "/opt/ml/checkpoints/run"], to: root + "/input/config/checkpointconfig.json")
        let environment = try TrainingEnvironment.load(environment: [
            "SAGEMAKER_BASE_DIR": root, "SM_CHANNEL_TEST": "/elsewhere/test", "SM_NUM_CPUS": "3",
        ])
        #expect(environment.root == root)
        #expect(environment.hyperparameters == ["epochs": "3", "lr": "0.5"])
        #expect(environment.currentHost == "algo-2")
        #expect(environment.rank == 1 && environment.worldSize == 2)
        #expect(environment.masterAddress == "algo-1" && environment.masterPort == 29500)
        #expect(environment.channels == ["training": root + "/input/data/training", "test": "/elsewhere/test"])
        #expect(environment.checkpointDirectory == root + "/checkpoints/run")
        #expect(environment.cpuCount == 3)
        #expect(environment.failureFile == root + "/output/failure")
    }

    @Test func pytorchVariablesWinAndDefaultsNeedNoFiles() throws {
        let root = try TestSupport.temporaryDirectory("contract")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let environment = try TrainingEnvironment.load(environment: [
            "SAGEMAKER_BASE_DIR": root, "WORLD_SIZE": "4", "RANK": "3", "MASTER_ADDR": "10.0.0.1",
            "MASTER_PORT": "1234",
        ])
        #expect(environment.hyperparameters.isEmpty)
        #expect(environment.currentHost == "algo-1" && environment.hosts == ["algo-1"])
        #expect(environment.rank == 3 && environment.worldSize == 4)
        #expect(environment.masterAddress == "10.0.0.1" && environment.masterPort == 1234)
        #expect(environment.checkpointDirectory == nil)
        #expect(environment.channels.isEmpty)
    }

    @Test(arguments: [
        ("hyperparameters.json", "[1, 2]", "hyperparameters.json is not a JSON object"),
        ("hyperparameters.json", #"{"epochs": {"a": 1}}"#, "the value of 'epochs' is not a string"),
        ("resourceconfig.json", #"{"current_host": "algo-3", "hosts": ["algo-1"]}"#, "needs 'current_host'"),
        ("inputdataconfig.json", "{", "inputdataconfig.json is not a JSON object"),
    ])
    func malformedFilesAreClientErrors(file: String, contents: String, message: String) throws {
        let root = try TestSupport.temporaryDirectory("contract")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TestSupport.write(Array(contents.utf8), to: root + "/input/config/" + file)
        #expect {
            try TrainingEnvironment.load(environment: ["SAGEMAKER_BASE_DIR": root])
        } throws: { error in
            "\(error)".hasPrefix("ClientError: ") && "\(error)".contains(message)
        }
    }

    @Test func badDistributedVariablesAreClientErrors() {
        #expect(throws: TrainerError.self) {
            try TrainingEnvironment.load(environment: ["SAGEMAKER_BASE_DIR": "/nonexistent", "WORLD_SIZE": "two"])
        }
        #expect(throws: TrainerError.self) {
            try TrainingEnvironment.load(environment: [
                "SAGEMAKER_BASE_DIR": "/nonexistent", "WORLD_SIZE": "2", "RANK": "2",
            ])
        }
    }

    @Test func failureReportsAreOneLineAndBounded() throws {
        let root = try TestSupport.temporaryDirectory("failure")
        defer { try? FileManager.default.removeItem(atPath: root) }
        FailureReport.write("ClientError: first line\nsecond line", to: root + "/output/failure")
        #expect(TestSupport.failureReason(root: root) == "ClientError: first line")
        FailureReport.write(String(repeating: "x", count: 5000), to: root + "/output/failure")
        #expect(TestSupport.failureReason(root: root)?.count == 1024)
    }
}
