/// The figures of one epoch.
struct EpochMetrics: Codable, Equatable, Sendable {
    /// The epoch, from 1.
    var epoch: Int
    /// Mean training loss over the epoch's samples (all ranks).
    var trainLoss: Double
    /// Share of the epoch's training samples predicted correctly while training (dropout on).
    var trainAccuracy: Double
    /// Mean test loss after the epoch (rank 0).
    var testLoss: Double?
    /// Test accuracy after the epoch, in [0, 1] (rank 0).
    var testAccuracy: Double?
    /// The learning rate of the epoch.
    var learningRate: Double
    /// Training samples per second, all ranks together.
    var samplesPerSecond: Double
    /// Training time of the epoch (evaluation excluded).
    var seconds: Double
}

/// `output/data/metrics.json`: the final figures of a run and its epochs.
struct TrainingSummary: Codable, Equatable, Sendable {
    /// Rank 0's final test accuracy in [0, 1] (other ranks do not evaluate).
    var testAccuracy: Double?
    /// Rank 0's final mean test loss.
    var testLoss: Double?
    /// Test samples evaluated.
    var testSamples: Int
    /// The last epoch's mean training loss.
    var trainLoss: Double?
    /// The last epoch's training accuracy.
    var trainAccuracy: Double?
    /// Training samples (after `dataset_size`).
    var trainSamples: Int
    /// Epochs completed, including those of a checkpoint resumed from.
    var epochsCompleted: Int
    /// The `epochs` hyperparameter.
    var epochsRequested: Int
    /// Whether SIGTERM (a stop) ended the run early.
    var stoppedEarly: Bool
    /// The checkpoint epoch the run resumed from.
    var resumedFromEpoch: Int?
    /// Mean training throughput of the epochs this run trained, all ranks together.
    var samplesPerSecond: Double?
    /// Wall time from the first epoch to the end of training and evaluation.
    var trainingSeconds: Double
    /// Ranks.
    var worldSize: Int
    /// libtorch intra-op threads per rank.
    var threads: Int
    /// Scalar parameters of the model.
    var parameters: Int
    /// Every epoch's figures.
    var epochs: [EpochMetrics]
}
