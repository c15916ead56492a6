import Foundation

/// The trainer's hyperparameters, parsed from SageMaker's all-string `hyperparameters.json`.
struct Hyperparameters: Equatable, Sendable {
    /// Where the data comes from.
    enum DatasetType: String, CaseIterable, Sendable {
        /// MNIST-format IDX files.
        case mnist
        /// One sub-directory of images per class.
        case imagefolder
    }

    /// The optimizer.
    enum OptimizerName: String, CaseIterable, Sendable {
        /// Adam.
        case adam
        /// Stochastic gradient descent with momentum.
        case sgd
    }

    /// Passes over the training set.
    var epochs = 2
    /// Samples per training step (per rank: with world size W, W batches make one step).
    var batchSize = 64
    /// Samples per evaluation batch.
    var testBatchSize = 1000
    /// Train on the first N samples only.
    var datasetSize: Int?
    /// Evaluate on the first N test samples only.
    var testDatasetSize: Int?
    /// The data format.
    var datasetType = DatasetType.mnist
    /// The optimizer.
    var optimizer = OptimizerName.adam
    /// The learning rate (Adam 0.001, SGD 0.01 unless given).
    var learningRate = 0.001
    /// The learning rate is multiplied by this after every epoch (PyTorch's StepLR with step 1).
    var gamma = 1.0
    /// SGD momentum.
    var momentum = 0.9
    /// SGD Nesterov momentum.
    var nesterov = false
    /// L2 weight decay.
    var weightDecay = 0.0
    /// Adam's beta1.
    var beta1 = 0.9
    /// Adam's beta2.
    var beta2 = 0.999
    /// Adam's epsilon.
    var epsilon = 1e-8
    /// Seeds weights, dropout and shuffling.
    var seed: UInt64 = 1
    /// libtorch intra-op threads (the host's CPU count unless given).
    var numThreads: Int?
    /// Training steps between progress lines.
    var logInterval = 10
    /// Reshuffle the training set every epoch.
    var shuffle = true
    /// The share of the training data held out for testing when there is no test set.
    var testSplit = 0.1
    /// Per-channel normalization means (the data set's usual figures unless given).
    var normalizeMean: [Double]?
    /// Per-channel normalization standard deviations.
    var normalizeStd: [Double]?
    /// imagefolder: images are resized to this height.
    var imageHeight = 28
    /// imagefolder: images are resized to this width.
    var imageWidth = 28
    /// imagefolder: 1 (grayscale) or 3 (RGB).
    var imageChannels = 3
    /// mnist: download the canonical files when the channels hold none.
    var mnistDownload = true
    /// mnist: mirror base URLs, tried in order.
    var mnistMirrors = MNISTDownloader.defaultMirrors
    /// mnist: the expected SHA-256 of each downloaded file.
    var mnistChecksums = MNISTDownloader.canonicalSHA256
    /// The network's layer sizes and dropout.
    var network = CNNConfiguration()
    /// Gradient all-reduce bucket size in MiB.
    var bucketCapMB = 25.0
    /// Across hosts, fc1's weight gradient from its all-gathered factors (less traffic) instead of all-reduced.
    var gatherFC1Gradient = true
    /// How long ranks wait for each other, in seconds.
    var distributedTimeoutSeconds = 300
    /// Keys given but not understood, for warning lines.
    var unknownKeys: [String] = []

    /// Parses `values`; unknown keys are collected in `unknownKeys` (SageMaker's own `sagemaker_*` keys are not).
    init(_ values: [String: String] = [:]) throws(TrainerError) {
        var reader = HyperparameterReader(values)
        epochs = try reader.int("epochs", default: epochs, in: 1...100_000)
        batchSize = try reader.int("batch_size", default: batchSize, in: 1...1_000_000)
        testBatchSize = try reader.int("test_batch_size", default: testBatchSize, in: 1...1_000_000)
        datasetSize = try reader.int("dataset_size", in: 0...Int.max).flatMap { $0 == 0 ? nil : $0 }
        testDatasetSize = try reader.int("test_dataset_size", in: 0...Int.max).flatMap { $0 == 0 ? nil : $0 }
        datasetType = try reader.choice("dataset_type", default: datasetType)
        optimizer = try reader.choice("optimizer", default: optimizer)
        learningRate = try reader.double("lr", in: 1e-12...1e3) ?? (optimizer == .adam ? 0.001 : 0.01)
        gamma = try reader.double("gamma", default: gamma, in: 1e-6...1)
        momentum = try reader.double("momentum", default: momentum, in: 0...0.999_999)
        nesterov = try reader.bool("nesterov", default: nesterov)
        weightDecay = try reader.double("weight_decay", default: weightDecay, in: 0...1)
        beta1 = try reader.probability("beta1", default: beta1)
        beta2 = try reader.probability("beta2", default: beta2)
        epsilon = try reader.double("eps", default: epsilon, in: 1e-20...1)
        seed = try UInt64(reader.int("seed", default: Int(seed), in: 0...Int.max))
        numThreads = try reader.int("num_threads", in: 1...1024)
        logInterval = try reader.int("log_interval", default: logInterval, in: 1...Int.max)
        shuffle = try reader.bool("shuffle", default: shuffle)
        testSplit = try reader.probability("test_split", default: testSplit)
        normalizeMean = try reader.positiveList("normalize_mean", allowZero: true)
        normalizeStd = try reader.positiveList("normalize_std", allowZero: false)
        (imageHeight, imageWidth) = try reader.size("image_size", default: (imageHeight, imageWidth))
        imageChannels = try reader.int("image_channels", default: imageChannels, in: 1...3)
        if imageChannels == 2 { throw .hyperparameter("'image_channels' must be 1 (grayscale) or 3 (RGB), got '2'") }
        mnistDownload = try reader.bool("mnist_download", default: mnistDownload)
        if let mirrors = reader.string("mnist_mirror") {
            mnistMirrors = mirrors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for pair in reader.string("mnist_sha256")?.split(separator: ",") ?? [] {
            let parts = pair.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2, mnistChecksums[parts[0]] != nil, parts[1].count == 64,
                parts[1].allSatisfy(\.isHexDigit)
            else {
                throw .hyperparameter(
                    "'mnist_sha256' must be comma-separated FILE=SHA256 pairs for the four MNIST .gz files, got '\(pair)'"
                )
            }
            mnistChecksums[parts[0]] = parts[1]
        }
        network.conv1Channels = try reader.int("conv1_channels", default: network.conv1Channels, in: 1...4096)
        network.conv2Channels = try reader.int("conv2_channels", default: network.conv2Channels, in: 1...4096)
        network.hiddenUnits = try reader.int("hidden_units", default: network.hiddenUnits, in: 1...1_000_000)
        network.dropout1 = try reader.probability("dropout1", default: network.dropout1)
        network.dropout2 = try reader.probability("dropout2", default: network.dropout2)
        bucketCapMB = try reader.double("bucket_cap_mb", default: bucketCapMB, in: 0.001...4096)
        gatherFC1Gradient = try reader.bool("gather_fc1_gradient", default: gatherFC1Gradient)
        distributedTimeoutSeconds = try reader.int(
            "dist_timeout_seconds", default: distributedTimeoutSeconds, in: 1...86_400)
        if nesterov && (optimizer != .sgd || momentum == 0) {
            throw .hyperparameter("'nesterov' needs optimizer 'sgd' with a positive 'momentum'")
        }
        if let mean = normalizeMean, let std = normalizeStd, mean.count != std.count {
            throw .hyperparameter("'normalize_mean' has \(mean.count) values but 'normalize_std' has \(std.count)")
        }
        unknownKeys = reader.unreadKeys.filter { !$0.hasPrefix("sagemaker_") }
    }

    /// The normalization to use: the hyperparameters' when given, else `fallback`, for `channels` channels
    /// (a single figure applies to every channel).
    func normalization(channels: Int, fallback: Normalization) throws(TrainerError) -> Normalization {
        let mean = normalizeMean ?? fallback.mean
        let std = normalizeStd ?? fallback.std
        func expand(_ values: [Double], _ key: String) throws(TrainerError) -> [Double] {
            if values.count == channels { return values }
            if values.count == 1 { return Array(repeating: values[0], count: channels) }
            throw .hyperparameter("'\(key)' has \(values.count) values for \(channels)-channel images")
        }
        return Normalization(mean: try expand(mean, "normalize_mean"), std: try expand(std, "normalize_std"))
    }
}
