import Testing

@testable import Trainer

@Suite("Hyperparameters")
struct HyperparameterTests {
    @Test func defaultsFollowPyTorchsMNISTExample() throws {
        let hp = try Hyperparameters()
        #expect(hp.epochs == 2)
        #expect(hp.batchSize == 64)
        #expect(hp.testBatchSize == 1000)
        #expect(hp.optimizer == .adam)
        #expect(hp.learningRate == 0.001)
        #expect(hp.datasetType == .mnist)
        #expect(hp.datasetSize == nil)
        #expect(hp.numThreads == nil)
        #expect(hp.seed == 1)
        #expect(hp.network == CNNConfiguration())
        #expect(hp.unknownKeys.isEmpty)
        #expect(hp.gatherFC1Gradient)
    }

    @Test func parsesSageMakersStrings() throws {
        let hp = try Hyperparameters([
            "epochs": "3", "batch_size": " 128 ", "dataset_size": "2000", "dataset_type": "MNIST",
            "optimizer": "sgd", "momentum": "0.5", "nesterov": "true", "lr": "1e-2", "seed": "7",
            "num_threads": "2", "test_batch_size": "500", "log_interval": "5", "gamma": "0.7",
            "dropout1": "0", "hidden_units": "64", "normalize_mean": "0.2860", "normalize_std": "0.3530",
            "shuffle": "False", "weight_decay": "0.0001", "gather_fc1_gradient": "false",
        ])
        #expect(hp.epochs == 3)
        #expect(hp.batchSize == 128)
        #expect(hp.datasetSize == 2000)
        #expect(hp.datasetType == .mnist)
        #expect(hp.optimizer == .sgd)
        #expect(hp.momentum == 0.5)
        #expect(hp.nesterov)
        #expect(hp.learningRate == 0.01)
        #expect(hp.seed == 7)
        #expect(hp.numThreads == 2)
        #expect(hp.testBatchSize == 500)
        #expect(hp.logInterval == 5)
        #expect(hp.gamma == 0.7)
        #expect(hp.network.dropout1 == 0)
        #expect(hp.network.hiddenUnits == 64)
        #expect(hp.normalizeMean == [0.2860])
        #expect(!hp.shuffle)
        #expect(hp.weightDecay == 0.0001)
        #expect(!hp.gatherFC1Gradient)
        #expect(try hp.normalization(channels: 3, fallback: .mnist).std == [0.3530, 0.3530, 0.3530])
    }

    @Test func sgdDefaultsToAHigherLearningRateAndZeroMeansAll() throws {
        let hp = try Hyperparameters(["optimizer": "sgd", "dataset_size": "0"])
        #expect(hp.learningRate == 0.01)
        #expect(hp.datasetSize == nil)
    }

    @Test func jsonQuotedValuesFromTheSDKAreUnquoted() throws {
        let hp = try Hyperparameters(["optimizer": "\"sgd\"", "epochs": "\"4\""])
        #expect(hp.optimizer == .sgd)
        #expect(hp.epochs == 4)
    }

    @Test func unknownKeysAreCollectedButSageMakersOwnAreNot() throws {
        let hp = try Hyperparameters([
            "epochs": "1", "learning_rate": "0.1", "zzz": "1", "sagemaker_program": "train.py",
            "sagemaker_region": "\"us-east-1\"",
        ])
        #expect(hp.unknownKeys == ["learning_rate", "zzz"])
    }

    @Test(arguments: [
        ("epochs", "abc", "'epochs' must be an integer in [1, 100000], got 'abc'"),
        ("epochs", "0", "'epochs' must be an integer in [1, 100000], got '0'"),
        ("epochs", "1.5", "'epochs' must be an integer"),
        ("batch_size", "-3", "'batch_size' must be an integer"),
        ("lr", "fast", "'lr' must be a number"),
        ("lr", "0", "'lr' must be a number"),
        ("lr", "nan", "'lr' must be a number"),
        ("optimizer", "rmsprop", "'optimizer' must be one of 'adam', 'sgd', got 'rmsprop'"),
        ("dataset_type", "csv", "'dataset_type' must be one of 'mnist', 'imagefolder', got 'csv'"),
        ("shuffle", "maybe", "'shuffle' must be true or false, got 'maybe'"),
        ("dropout2", "1", "'dropout2' must be in [0, 1)"),
        ("num_threads", "0", "'num_threads' must be an integer"),
        ("normalize_std", "0.3,0", "'normalize_std' must be a comma-separated list of positive numbers"),
        ("seed", "-1", "'seed' must be an integer"),
    ])
    func invalidValuesNameTheKeyAndTheValue(key: String, value: String, message: String) {
        #expect {
            try Hyperparameters([key: value])
        } throws: { error in
            guard let error = error as? TrainerError, case .hyperparameter(let text) = error else { return false }
            return text.contains(message) && error.description.hasPrefix("ClientError: invalid hyperparameter: ")
        }
    }

    @Test func inconsistentCombinationsAreRejected() {
        #expect(throws: TrainerError.self) { try Hyperparameters(["nesterov": "true"]) }
        #expect(throws: TrainerError.self) {
            try Hyperparameters(["normalize_mean": "0.1,0.2", "normalize_std": "0.3"])
        }
        #expect(throws: TrainerError.self) {
            try Hyperparameters(["normalize_mean": "0.1,0.2"]).normalization(channels: 3, fallback: .mnist)
        }
    }
}
