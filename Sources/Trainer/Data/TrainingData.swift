/// The images a run trains and tests on, with where they came from.
struct TrainingData: Sendable {
    /// The training images (after `dataset_size`).
    var train: ImageSet
    /// The test images (after `test_dataset_size`).
    var test: ImageSet
    /// Where the training images came from, for the log.
    var trainSource: String
    /// Where the test images came from, for the log.
    var testSource: String
    /// The data set's usual normalization, used unless the hyperparameters give one.
    var defaultNormalization: Normalization

    /// Channel names looked up for training data, in order.
    static let trainingChannels = ["training", "train"]
    /// Channel names looked up for test data, in order (then the training channels).
    static let testChannels = ["test", "testing", "validation", "eval"]

    /// Loads the data `hyperparameters.datasetType` names from the environment's channels.
    static func load(
        _ hyperparameters: Hyperparameters, environment: TrainingEnvironment, log: (String) -> Void = { _ in }
    ) throws(TrainerError) -> TrainingData {
        let trainDirectories = directories(trainingChannels, in: environment, fallback: "training")
        let testDirectories = directories(testChannels, in: environment, fallback: nil) + trainDirectories
        switch hyperparameters.datasetType {
        case .mnist:
            if MNISTFiles.find(.train, in: trainDirectories) == nil, hyperparameters.mnistDownload {
                let directory = environment.path("downloads/mnist")
                log("no MNIST files in \(trainDirectories.joined(separator: ", ")): downloading them to \(directory)")
                try MNISTDownloader(
                    mirrors: hyperparameters.mnistMirrors, checksums: hyperparameters.mnistChecksums,
                    directory: directory
                ).fetch(log: log)
                return try loadMNIST(
                    hyperparameters, trainDirectories: [directory], testDirectories: testDirectories + [directory])
            }
            return try loadMNIST(hyperparameters, trainDirectories: trainDirectories, testDirectories: testDirectories)
        case .imagefolder:
            return try loadImageFolder(
                hyperparameters, trainDirectories: trainDirectories,
                testDirectories: directories(testChannels, in: environment, fallback: nil))
        }
    }

    private static func loadMNIST(
        _ hyperparameters: Hyperparameters, trainDirectories: [String], testDirectories: [String]
    ) throws(TrainerError) -> TrainingData {
        guard let trainFiles = MNISTFiles.find(.train, in: trainDirectories) else {
            throw .data(
                "no MNIST training files (train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz) in "
                    + trainDirectories.joined(separator: ", "))
        }
        let train = try trainFiles.load(limit: hyperparameters.datasetSize)
        if let testFiles = MNISTFiles.find(.test, in: testDirectories) {
            let test = try testFiles.load(limit: hyperparameters.testDatasetSize)
            guard test.height == train.height, test.width == train.width else {
                throw .data(
                    "test images are \(test.height)x\(test.width) but training images are \(train.height)x\(train.width)"
                )
            }
            return TrainingData(
                train: train, test: test, trainSource: trainFiles.images, testSource: testFiles.images,
                defaultNormalization: .mnist)
        }
        let (kept, heldOut) = try holdOut(train, share: hyperparameters.testSplit)
        return TrainingData(
            train: kept, test: heldOut.prefix(hyperparameters.testDatasetSize), trainSource: trainFiles.images,
            testSource: "the last \(heldOut.count) training samples (test_split \(hyperparameters.testSplit))",
            defaultNormalization: .mnist)
    }

    /// Splits off the last `share` of `set` as a test set.
    static func holdOut(_ set: ImageSet, share: Double) throws(TrainerError) -> (ImageSet, ImageSet) {
        let testCount = Int((Double(set.count) * share).rounded())
        guard testCount >= 1, testCount < set.count else {
            throw .data(
                "there is no test data and test_split \(share) of \(set.count) samples leaves no test or no training set"
            )
        }
        return (set.slice(0..<set.count - testCount), set.slice(set.count - testCount..<set.count))
    }

    static func directories(
        _ names: [String], in environment: TrainingEnvironment, fallback: String?
    ) -> [String] {
        let found = names.compactMap { environment.channels[$0] }
        if found.isEmpty, let fallback { return [environment.path("input/data/" + fallback)] }
        return found
    }
}
