import CTorch

/// The figures of a training step or an evaluation.
struct StepStatistics: Equatable, Sendable {
    /// A step: the mean loss of the batch; an evaluation: the summed loss of its samples.
    var loss: Double
    /// Samples predicted correctly.
    var correct: Int
    /// Samples seen.
    var count: Int

    init(loss: Double = 0, correct: Int = 0, count: Int = 0) {
        self.loss = loss
        self.correct = correct
        self.count = count
    }

    init(_ stats: ctorch_step_stats) {
        self.init(loss: stats.loss, correct: Int(stats.correct), count: Int(stats.count))
    }
}

extension TorchOptimizer {
    /// One training step on `indices` of `dataset`: forward, loss, backward, gradient all-reduce across `group`
    /// (when given), optimizer step — all inside the shim.
    func step(
        on dataset: TorchDataset, indices: ArraySlice<Int64>, group: ProcessGroup? = nil
    ) throws(TorchError) -> StepStatistics {
        var stats = ctorch_step_stats()
        let status = indices.withUnsafeBufferPointer { buffer in
            ctorch_train_step(
                model.handle, handle, dataset.handle, buffer.baseAddress, Int64(buffer.count), group?.handle,
                &stats)
        }
        try TorchError.check(status, "a training step on \(indices.count) samples")
        return StepStatistics(stats)
    }
}

extension TorchModel {
    /// Evaluation without gradients on the samples `range` of `dataset`, in batches of `batchSize`.
    func evaluate(
        on dataset: TorchDataset, range: Range<Int>? = nil, batchSize: Int
    ) throws(TorchError) -> StepStatistics {
        let range = range ?? 0..<dataset.count
        var stats = ctorch_step_stats()
        let status = ctorch_evaluate(
            handle, dataset.handle, Int64(range.lowerBound), Int64(range.count), Int64(batchSize), &stats)
        try TorchError.check(status, "evaluating \(range.count) samples")
        return StepStatistics(stats)
    }
}
