import Foundation
import Testing

@testable import Trainer

/// Runs that must fail with a one-line reason in output/failure and a non-zero exit, never a crash.
@Suite("Trainer failures")
struct TrainingFailureTests {
    /// Runs the trainer on an ML root prepared by `prepare`; returns the failure reason after checking the exit.
    static func failure(
        _ hyperparameters: [String: String] = ["num_threads": "1"], linkData: Bool = true,
        prepare: (String) throws -> Void = { _ in }
    ) throws -> String? {
        let root = try TestSupport.mlRoot(hyperparameters: hyperparameters, linkData: linkData)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try prepare(root)
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("[RANK 0] ERROR: "))
        #expect(!outcome.output.contains("Fatal error"))
        return TestSupport.failureReason(root: root)
    }

    @Test func truncatedDataIsAClientError() throws {
        let reason = try Self.failure { root in
            let images = root + "/input/data/training/train-images-idx3-ubyte.gz"
            let bytes = try MNISTFiles.read(images)
            try FileManager.default.removeItem(atPath: images)
            try TestSupport.write(Array(bytes.prefix(100_000)), to: images)
        }
        #expect(
            reason?.hasPrefix("ClientError: invalid input data: ") == true
                && reason?.hasSuffix(
                    "train-images-idx3-ubyte.gz: truncated gzip data: the stream ends before its end marker")
                    == true,
            "\(reason ?? "no failure file")")
    }

    @Test func corruptLabelsAreAClientError() throws {
        let reason = try Self.failure { root in
            let labels = root + "/input/data/training/train-labels-idx1-ubyte.gz"
            try FileManager.default.removeItem(atPath: labels)
            try TestSupport.write(TestSupport.idx([5], data: [0, 1, 2, 3, 4]), to: String(labels.dropLast(3)))
        }
        #expect(reason?.contains("holds 60000 images but") == true, "\(reason ?? "no failure file")")
    }

    @Test func missingDataNamesTheExpectedFiles() throws {
        let reason = try Self.failure(["mnist_download": "false", "num_threads": "1"], linkData: false)
        #expect(
            reason?.hasPrefix("ClientError: invalid input data: no MNIST training files (train-images-idx3-ubyte")
                == true,
            "\(reason ?? "no failure file")")
    }

    @Test func badHyperparametersAreClientErrors() throws {
        let reason = try Self.failure(["epochs": "many"])
        #expect(reason == "ClientError: invalid hyperparameter: 'epochs' must be an integer in [1, 100000], got 'many'")
    }

    @Test func malformedConfigurationIsAClientError() throws {
        let reason = try Self.failure { root in
            try TestSupport.write(Array("{".utf8), to: root + "/input/config/resourceconfig.json")
        }
        #expect(
            reason?.hasPrefix("ClientError: resourceconfig.json is not a JSON object") == true, "\(reason ?? "none")")
    }
}
