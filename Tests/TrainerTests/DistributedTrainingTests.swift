import Foundation
import Glibc
import Testing

@testable import Trainer

/// Data-parallel runs (two trainer processes, as two hosts) and checkpoint resume.
@Suite("Distributed training and checkpoints", .serialized)
struct DistributedTrainingTests {
    /// Four steps of 64 samples; no dropout, whose masks would differ between the layouts.
    static let equivalenceHyperparameters = [
        "epochs": "1", "dataset_size": "256", "test_dataset_size": "200", "num_threads": "1", "dropout1": "0",
        "dropout2": "0", "seed": "11",
    ]

    @Test func twoRanksWithHalfBatchesMatchOneRankWithTheWholeBatch() throws {
        var single = Self.equivalenceHyperparameters
        single["batch_size"] = "64"
        let reference = try TestSupport.mlRoot(hyperparameters: single)
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let outcome = try TestSupport.runTrainer(root: reference)
        #expect(outcome.status == 0, "\(outcome.output)")

        var half = Self.equivalenceHyperparameters
        half["batch_size"] = "32"
        let roots = try (0..<2).map { _ in try TestSupport.mlRoot(hyperparameters: half) }
        defer { roots.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let processes = try Self.startRanks(roots: roots)
        let outcomes = zip(processes, roots).map { TestSupport.finish($0, logFile: $1 + "/trainer.log") }
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.output)") }
        #expect(outcomes[1].output.contains("[RANK 1] --- Epoch 1/1 ---"))
        #expect(outcomes[0].output.contains("Train Epoch: 1 [256/256 (100%)]"))
        #expect(!FileManager.default.fileExists(atPath: roots[1] + "/model/model.pt"), "only rank 0 saves")

        let expected = try TestSupport.savedParameters(root: reference)
        let distributed = try TestSupport.savedParameters(root: roots[0])
        let difference = zip(expected, distributed).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-5, "largest parameter difference after 4 steps: \(difference)")
        let accuracies = try [reference, roots[0]].map { try #require(try TestSupport.metrics(root: $0).testAccuracy) }
        #expect(abs(accuracies[0] - accuracies[1]) <= 1.0 / 200)
    }

    /// SageMaker's stop may reach the hosts at different moments: a rank that gets SIGTERM tells the others at the
    /// next stop agreement (every 8 steps), and all of them end the run together, rank 0 saving the model.
    @Test func sigtermToOneRankStopsBothCleanly() async throws {
        let hyperparameters = [
            "epochs": "1", "dataset_size": "20000", "test_dataset_size": "200", "num_threads": "1",
            "batch_size": "32", "log_interval": "1",
        ]
        let roots = try (0..<2).map { _ in try TestSupport.mlRoot(hyperparameters: hyperparameters) }
        defer { roots.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let processes = try Self.startRanks(roots: roots)
        for _ in 0..<600 {
            let log = (try? String(contentsOfFile: roots[0] + "/trainer.log", encoding: .utf8)) ?? ""
            if log.contains("Train Epoch: 1 [") || !processes.allSatisfy({ $0.isRunning }) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let bothTraining = processes.allSatisfy { $0.isRunning }
        #expect(bothTraining, "both ranks still training when the stop arrives")
        processes[1].terminate()
        let outcomes = zip(processes, roots).map { TestSupport.finish($0, logFile: $1 + "/trainer.log") }
        for outcome in outcomes {
            #expect(outcome.status == 0, "\(outcome.output)")
            #expect(outcome.output.contains("stop requested"))
            #expect(!outcome.output.contains("Train Epoch: 1 [20000/20000"), "the epoch did not run to its end")
        }
        #expect(try TestSupport.metrics(root: roots[0]).stoppedEarly)
        #expect(FileManager.default.fileExists(atPath: roots[0] + "/model/model.pt"), "rank 0 saves the model")
        #expect(outcomes[0].output.contains("=== Test Accuracy: "))
    }

    @Test func aKilledRunResumesFromItsCheckpointToTheSameResult() async throws {
        let hyperparameters = [
            "epochs": "3", "dataset_size": "384", "test_dataset_size": "200", "num_threads": "2", "seed": "5",
        ]
        let uninterrupted = try TestSupport.mlRoot(hyperparameters: hyperparameters, checkpoints: true)
        defer { try? FileManager.default.removeItem(atPath: uninterrupted) }
        #expect(try TestSupport.runTrainer(root: uninterrupted).status == 0)
        let store = CheckpointStore(directory: uninterrupted + "/checkpoints")
        #expect(store.epochs() == [2, 3], "the newest two are kept")

        let killed = try TestSupport.mlRoot(hyperparameters: hyperparameters, checkpoints: true)
        defer { try? FileManager.default.removeItem(atPath: killed) }
        let logFile = killed + "/first.log"
        let process = try TestSupport.start(
            TestSupport.trainerExecutable, ["train"], environment: ["SAGEMAKER_BASE_DIR": killed], logFile: logFile)
        let checkpoint = CheckpointStore(directory: killed + "/checkpoints").metadataFile(epoch: 1)
        while process.isRunning && !FileManager.default.fileExists(atPath: checkpoint) {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        let first = TestSupport.finish(process, logFile: logFile)
        #expect(first.status != 0, "killed after the first checkpoint")

        let resumed = try TestSupport.runTrainer(root: killed)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resumed from the checkpoint of epoch 1"))
        #expect(!resumed.output.contains("--- Epoch 1/3 ---"))
        #expect(try TestSupport.savedParameters(root: killed) == TestSupport.savedParameters(root: uninterrupted))
        let metrics = try TestSupport.metrics(root: killed)
        #expect(metrics.resumedFromEpoch == 1)
        #expect(metrics.epochs.map(\.epoch) == [1, 2, 3])
        #expect(metrics.testAccuracy == (try TestSupport.metrics(root: uninterrupted).testAccuracy))
    }

    @Test func aCheckpointFromOtherSettingsIsRefused() throws {
        let root = try TestSupport.mlRoot(
            hyperparameters: ["epochs": "1", "dataset_size": "128", "test_dataset_size": "100", "num_threads": "2"],
            checkpoints: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try TestSupport.runTrainer(root: root).status == 0)
        try TestSupport.writeJSON(
            ["epochs": "2", "dataset_size": "128", "batch_size": "32", "num_threads": "2"],
            to: root + "/input/config/hyperparameters.json")
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 1)
        #expect(TestSupport.failureReason(root: root)?.contains("was written by a run with other settings") == true)
    }

    /// Two trainer processes as the hosts of one job, each logging to trainer.log in its ML root.
    static func startRanks(roots: [String]) throws -> [Process] {
        let port = try freePort()
        return try roots.enumerated().map { rank, root in
            try TestSupport.start(
                TestSupport.trainerExecutable, ["train"],
                environment: [
                    "SAGEMAKER_BASE_DIR": root, "WORLD_SIZE": "\(roots.count)", "RANK": "\(rank)",
                    "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)",
                ], logFile: root + "/trainer.log")
        }
    }

    /// A TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        try #require(bound == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
