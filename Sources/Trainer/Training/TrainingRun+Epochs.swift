import Foundation

extension TrainingRun {
    /// An epoch's figures, or a stop in its middle.
    struct EpochOutcome {
        var metrics: EpochMetrics?
        var stopped: Bool
    }

    /// Trains one epoch on this rank's shard, then (rank 0) evaluates and prints the metric line.
    func runEpoch(_ epoch: Int, session: Session) throws(TrainerError) -> EpochOutcome {
        let hp = hyperparameters
        let world = environment.worldSize
        log.info("--- Epoch \(epoch)/\(hp.epochs) ---")
        let learningRate = hp.learningRate * pow(hp.gamma, Double(epoch - 1))
        try torch { try session.optimizer.setLearningRate(learningRate) }
        let sampler = DistributedSampler(
            sampleCount: session.train.count, worldSize: world, rank: environment.rank, shuffle: hp.shuffle,
            seed: hp.seed)
        let indices = sampler.indices(epoch: epoch)
        let steps = (indices.count + hp.batchSize - 1) / hp.batchSize
        let meter = ProgressMeter(total: indices.count * world)
        var totals = StepStatistics()
        for step in 0..<steps {
            let batch = indices[step * hp.batchSize..<min((step + 1) * hp.batchSize, indices.count)]
            let stats = try torch {
                try session.optimizer.step(on: session.train, indices: batch, group: session.group)
            }
            totals.loss += stats.loss * Double(stats.count)
            totals.correct += stats.correct
            totals.count += stats.count
            let checkpoint = step + 1 == steps || (step + 1) % Self.stopAgreementInterval == 0
            if try stopRequested(session.group, agree: checkpoint) { return EpochOutcome(metrics: nil, stopped: true) }
            if (step + 1) % hp.logInterval == 0 || step + 1 == steps {
                log.info(meter.line(epoch: epoch, done: totals.count * world, loss: stats.loss))
            }
        }
        let seconds = meter.elapsedSeconds
        var global = [totals.loss, Double(totals.correct), Double(totals.count)]
        if let group = session.group { global = try torch { try group.allReduce(global, .sum) } }
        var metrics = EpochMetrics(
            epoch: epoch, trainLoss: global[0] / global[2], trainAccuracy: global[1] / global[2],
            learningRate: learningRate, samplesPerSecond: seconds > 0 ? global[2] / seconds : 0, seconds: seconds)
        if let test = session.test {
            let evaluation = try torch { try session.model.evaluate(on: test, batchSize: hp.testBatchSize) }
            metrics.testLoss = evaluation.loss / Double(max(evaluation.count, 1))
            metrics.testAccuracy = Double(evaluation.correct) / Double(max(evaluation.count, 1))
        }
        if environment.rank == 0 { log.plain(Self.metricLine(metrics)) }
        return EpochOutcome(metrics: metrics, stopped: false)
    }

    /// `epoch=1 train_loss=0.4123 test_accuracy=0.8877 ...`, for MetricDefinitions regexes.
    static func metricLine(_ metrics: EpochMetrics) -> String {
        var fields = ["epoch=\(metrics.epoch)", "train_loss=\(Format.fixed(metrics.trainLoss, 4))"]
        if let accuracy = metrics.testAccuracy { fields.append("test_accuracy=\(Format.fixed(accuracy, 4))") }
        if let loss = metrics.testLoss { fields.append("test_loss=\(Format.fixed(loss, 4))") }
        fields.append("train_accuracy=\(Format.fixed(metrics.trainAccuracy, 4))")
        fields.append("samples_per_second=\(Format.fixed(metrics.samplesPerSecond, 1))")
        fields.append("epoch_seconds=\(Format.fixed(metrics.seconds, 2))")
        return fields.joined(separator: " ")
    }

    /// Steps between the ranks' stop agreements: each is a blocking all-reduce, a round trip the gradient
    /// all-reduce cannot hide, so ranks compare notes every few steps (and at an epoch's last) rather than every one.
    static let stopAgreementInterval = 8

    /// Whether any rank was asked to stop (all ranks agree, so none is left waiting in an all-reduce). With a group,
    /// only when `agree` (the same steps on every rank); a single process checks its own signal every time.
    func stopRequested(_ group: ProcessGroup?, agree: Bool = true) throws(TrainerError) -> Bool {
        let local = StopSignal.requested
        guard let group else { return local }
        guard agree else { return false }
        return try torch { try group.allReduce([local ? 1 : 0], .max)[0] > 0 }
    }

    /// The settings a checkpoint must match to be resumed.
    func checkpointMetadata(_ session: Session, trainSamples: Int) -> CheckpointStore.Metadata {
        CheckpointStore.Metadata(
            epoch: 0, network: session.model.configuration, optimizer: hyperparameters.optimizer.rawValue,
            seed: hyperparameters.seed, batchSize: hyperparameters.batchSize, trainSamples: trainSamples,
            worldSize: environment.worldSize, history: [])
    }

    /// Restores the newest checkpoint every rank has (up to the requested epochs), if any.
    func resume(
        _ store: CheckpointStore, session: Session, expected: CheckpointStore.Metadata
    ) throws(TrainerError) -> CheckpointStore.Metadata? {
        let epochs = store.epochs().filter { $0 <= hyperparameters.epochs }
        var agreed = epochs.last ?? 0
        if let group = session.group {
            agreed = Int(try torch { try group.allReduce([Double(agreed)], .min)[0] })
            let everyone = try torch { try group.allReduce([agreed == 0 || epochs.contains(agreed) ? 1 : 0], .min) }
            if everyone[0] == 0 {
                log.warning("the ranks have no common checkpoint epoch; starting from the beginning")
                agreed = 0
            }
        }
        guard agreed > 0 else { return nil }
        return try store.restore(epoch: agreed, into: session.optimizer, expected: expected)
    }

    /// Final evaluation and, on rank 0, the result line and the artifacts.
    func finish(
        _ session: Session, history: [EpochMetrics], stopped: Bool, resumedFrom: Int?, seconds: Double,
        trainSamples: Int, threads: Int, parameterCount: Int
    ) throws(TrainerError) -> TrainingSummary {
        var testLoss = history.last?.testLoss
        var testAccuracy = history.last?.testAccuracy
        if let test = session.test, stopped || testAccuracy == nil {
            let evaluation = try torch {
                try session.model.evaluate(on: test, batchSize: hyperparameters.testBatchSize)
            }
            testLoss = evaluation.loss / Double(max(evaluation.count, 1))
            testAccuracy = Double(evaluation.correct) / Double(max(evaluation.count, 1))
        }
        let trained = history.filter { $0.epoch > (resumedFrom ?? 0) }
        let trainedSeconds = trained.reduce(0) { $0 + $1.seconds }
        let summary = TrainingSummary(
            testAccuracy: environment.rank == 0 ? testAccuracy : nil, testLoss: environment.rank == 0 ? testLoss : nil,
            testSamples: session.testSamples, trainLoss: history.last?.trainLoss,
            trainAccuracy: history.last?.trainAccuracy, trainSamples: trainSamples, epochsCompleted: history.count,
            epochsRequested: hyperparameters.epochs, stoppedEarly: stopped, resumedFromEpoch: resumedFrom,
            samplesPerSecond: trainedSeconds > 0
                ? trained.reduce(0) { $0 + $1.samplesPerSecond * $1.seconds } / trainedSeconds : nil,
            trainingSeconds: seconds, worldSize: environment.worldSize, threads: threads, parameters: parameterCount,
            epochs: history)
        guard environment.rank == 0, let testAccuracy else { return summary }
        log.plain("=== Test Accuracy: \(Format.fixed(testAccuracy * 100, 2))% ===")
        try writeArtifacts(session, summary: summary)
        return summary
    }

    private func writeArtifacts(_ session: Session, summary: TrainingSummary) throws(TrainerError) {
        try ArtifactWriter.createDirectory(environment.modelDirectory)
        let modelFile = environment.modelDirectory + "/model.pt"
        try torch { try session.model.save(to: modelFile) }
        let description = try torch {
            try ModelDescription(model: session.model, normalization: session.normalization, classes: session.classes)
        }
        try ArtifactWriter.writeJSON(description, to: environment.modelDirectory + "/model.json")
        try ArtifactWriter.writeJSON(summary, to: environment.outputDataDirectory + "/metrics.json")
        log.info("saved \(modelFile), model.json and \(environment.outputDataDirectory)/metrics.json")
    }
}
