import Foundation
import Testing

@testable import Trainer

/// The trainer executable end to end on Debian's Fashion-MNIST: one process per test, as a job runs it.
@Suite("Trainer runs", .serialized)
struct TrainingRunTests {
    @Test func trainsASliceOfFashionMNISTAndPythonLoadsTheModel() throws {
        let root = try TestSupport.mlRoot(hyperparameters: [
            "epochs": "1", "dataset_size": "2000", "test_dataset_size": "2000", "num_threads": "2",
            "log_interval": "10", "not_a_hyperparameter": "1",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 0, "\(outcome.output)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("[RANK 0] WARNING: ignoring unknown hyperparameter 'not_a_hyperparameter'"))
        #expect(lines.contains("[RANK 0] --- Epoch 1/1 ---"))
        let progress = lines.filter { $0.hasPrefix("[RANK 0] Train Epoch: 1 [") }
        #expect(progress.count == 4, "steps 10, 20, 30 and the last (32)")
        #expect(progress.allSatisfy { $0.contains("samples/s=") && $0.contains("eta=") })
        #expect(progress.last?.contains("[2000/2000 (100%)]") == true)
        let metricLine = try #require(lines.first { $0.hasPrefix("epoch=1 train_loss=") })
        let final = try #require(lines.first { $0.hasPrefix("=== Test Accuracy: ") })
        let summary = try TestSupport.metrics(root: root)
        let accuracy = try #require(summary.testAccuracy)
        #expect(accuracy > 0.6, "1 epoch on 2000 samples: \(accuracy)")
        #expect(metricLine.contains(" test_accuracy=\(Format.fixed(accuracy, 4)) "))
        #expect(final == "=== Test Accuracy: \(Format.fixed(accuracy * 100, 2))% ===")
        #expect(summary.testSamples == 2000 && summary.trainSamples == 2000 && summary.epochsCompleted == 1)
        #expect(summary.threads == 2 && summary.parameters == 1_199_882)
        let description = try #require(ArtifactWriter.readJSON(ModelDescription.self, from: root + "/model/model.json"))
        #expect(
            description.parameters.map(\.name) == [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                "fc2.bias",
            ])
        #expect(description.input.normalization == .mnist)
        #expect(TestSupport.failureReason(root: root) == nil)

        guard TestSupport.debianPythonHasTorch else {
            print(
                "\n\n!!!!!!!! SKIPPED: \(TestSupport.debianPython) cannot import torch (apt install python3-torch); "
                    + "the saved model was NOT checked with Python PyTorch !!!!!!!!\n\n")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Python/evaluate_model.py").path
        let logFile = root + "/python.log"
        let python = try TestSupport.start(
            TestSupport.debianPython,
            [
                script, root + "/model", TestSupport.fashionMNIST + "/t10k-images-idx3-ubyte.gz",
                TestSupport.fashionMNIST + "/t10k-labels-idx1-ubyte.gz", "2000",
            ], environment: ["OMP_NUM_THREADS": "2"], logFile: logFile)
        let result = TestSupport.finish(python, logFile: logFile)
        #expect(result.status == 0, "\(result.output)")
        let json = try #require(result.output.split(separator: "\n").last.map { Data($0.utf8) })
        let evaluation = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let correct = try #require(evaluation["correct"] as? Int)
        #expect(evaluation["count"] as? Int == 2000)
        #expect(abs(correct - Int((accuracy * 2000).rounded())) <= 1, "Python: \(correct)/2000, trainer: \(accuracy)")
    }

    @Test func sameSeedSameDataSameResult() throws {
        let hyperparameters = [
            "epochs": "1", "dataset_size": "256", "test_dataset_size": "200", "num_threads": "2", "seed": "3",
        ]
        var parameters: [[Float]] = []
        for _ in 0..<2 {
            let root = try TestSupport.mlRoot(hyperparameters: hyperparameters)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let outcome = try TestSupport.runTrainer(root: root)
            #expect(outcome.status == 0, "\(outcome.output)")
            parameters.append(try TestSupport.savedParameters(root: root))
        }
        #expect(parameters[0] == parameters[1])
    }

    @Test func sigtermSavesTheModelAndExitsCleanly() async throws {
        let root = try TestSupport.mlRoot(hyperparameters: [
            "epochs": "1", "num_threads": "2", "log_interval": "1", "test_dataset_size": "500",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let logFile = root + "/trainer.log"
        let process = try TestSupport.start(
            TestSupport.trainerExecutable, ["train"], environment: ["SAGEMAKER_BASE_DIR": root], logFile: logFile)
        for _ in 0..<600 {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            if log.contains("Train Epoch: 1 [128/") || !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        let outcome = TestSupport.finish(process, logFile: logFile)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("stop requested"))
        #expect(outcome.output.contains("=== Test Accuracy: "))
        #expect(try TestSupport.metrics(root: root).stoppedEarly)
        #expect(FileManager.default.fileExists(atPath: root + "/model/model.pt"))
    }
}
