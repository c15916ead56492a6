extension TrainingData {
    /// Loads an image folder from the training channel; the test set is the test channel's image folder, else a
    /// held-out share of every class (`test_split`). The training set is shuffled with the seed before
    /// `dataset_size` applies, so a limit keeps every class.
    static func loadImageFolder(
        _ hyperparameters: Hyperparameters, trainDirectories: [String], testDirectories: [String]
    ) throws(TrainerError) -> TrainingData {
        guard let folder = try firstFolder(in: trainDirectories) else {
            throw .data(
                "no images (PNG or JPEG files in one folder per class, or a .zip of them) in "
                    + trainDirectories.joined(separator: ", "))
        }
        let classNames = folder.classes.keys.sorted()
        guard classNames.count >= 2 else {
            throw .data("\(folder.source): imagefolder needs at least two class folders, found \(classNames)")
        }
        let hp = hyperparameters
        let all = try folder.load(
            classNames: classNames, channels: hp.imageChannels, height: hp.imageHeight, width: hp.imageWidth)
        var generator = SplitMix64(seed: hp.seed)
        var trainIndices: [Int]
        let test: ImageSet
        let testSource: String
        if let testFolder = try firstFolder(in: testDirectories) {
            test = try testFolder.load(
                classNames: classNames, channels: hp.imageChannels, height: hp.imageHeight, width: hp.imageWidth)
            trainIndices = Array(0..<all.count)
            testSource = testFolder.source
        } else {
            var testIndices: [Int] = []
            trainIndices = []
            for label in classNames.indices {
                var members = all.labels.indices.filter { all.labels[$0] == Int64(label) }
                generator.shuffle(&members)
                let held =
                    members.count < 2
                    ? 0 : min(members.count - 1, max(1, Int((Double(members.count) * hp.testSplit).rounded())))
                testIndices += members.prefix(held)
                trainIndices += members.dropFirst(held)
            }
            guard !testIndices.isEmpty, hp.testSplit > 0 else {
                throw .data(
                    "\(folder.source): there is no test channel and test_split \(hp.testSplit) holds out no images")
            }
            generator.shuffle(&testIndices)
            test = all.selecting(testIndices)
            testSource = "\(test.count) held-out images (test_split \(hp.testSplit)) of \(folder.source)"
        }
        generator.shuffle(&trainIndices)
        let normalization = Normalization(
            mean: Array(repeating: 0.5, count: hp.imageChannels), std: Array(repeating: 0.5, count: hp.imageChannels))
        return TrainingData(
            train: all.selecting(trainIndices).prefix(hp.datasetSize), test: test.prefix(hp.testDatasetSize),
            trainSource: folder.source, testSource: testSource, defaultNormalization: normalization)
    }

    private static func firstFolder(in directories: [String]) throws(TrainerError) -> ImageFolder? {
        for directory in directories {
            if let folder = try ImageFolder.find(in: directory) { return folder }
        }
        return nil
    }
}
