import Foundation

/// One run of the trainer on one rank: data, model, optimizer, process group, epochs, artifacts.
final class TrainingRun {
    let environment: TrainingEnvironment
    let hyperparameters: Hyperparameters
    let log: Log

    /// Parses the hyperparameters of `environment`.
    init(environment: TrainingEnvironment) throws(TrainerError) {
        self.environment = environment
        self.hyperparameters = try Hyperparameters(environment.hyperparameters)
        self.log = Log(rank: environment.rank)
    }

    /// What the epochs work with.
    struct Session {
        let model: TorchModel
        let optimizer: TorchOptimizer
        let train: TorchDataset
        let test: TorchDataset?
        let group: ProcessGroup?
        let normalization: Normalization
        let classes: [String]
        let testSamples: Int
    }

    /// Trains, evaluates and (on rank 0) writes the artifacts. Returns the summary written to metrics.json.
    @discardableResult
    func run() throws(TrainerError) -> TrainingSummary {
        let hp = hyperparameters
        for key in hp.unknownKeys { log.warning("ignoring unknown hyperparameter '\(key)'") }
        let threads = hp.numThreads ?? environment.cpuCount
        try torch { try Torch.setThreads(threads) }
        log.info(
            "libtorch \(Torch.version), \(Torch.threads) threads, BLAS kernel \(BLASKernel.loadedCoreName() ?? "not OpenBLAS")"
                + "\(BLASThreads.current().map { " on \($0) thread\($0 == 1 ? "" : "s")" } ?? ""); "
                + "host \(environment.currentHost), "
                + "rank \(environment.rank) of \(environment.worldSize)")
        let data = try TrainingData.load(hp, environment: environment) { [log] in log.info($0) }
        log.info(
            "training on \(data.train.count) samples of \(data.train.channels)x\(data.train.height)x\(data.train.width) "
                + "from \(data.trainSource); testing on \(data.test.count) samples from \(data.testSource)")
        let session = try makeSession(data)
        let parameterCount = try torch { try session.model.parameterCount() }
        log.info(
            "model: classic CNN, \(parameterCount) parameters; optimizer \(hp.optimizer.rawValue) lr=\(hp.learningRate), "
                + "batch_size \(hp.batchSize) per rank, \(hp.epochs) epochs")
        let checkpoints = environment.checkpointDirectory.map { CheckpointStore(directory: $0) }
        let expected = checkpointMetadata(session, trainSamples: data.train.count)
        var history: [EpochMetrics] = []
        var resumedFrom: Int?
        if let checkpoints, let restored = try resume(checkpoints, session: session, expected: expected) {
            history = restored.history
            resumedFrom = restored.epoch
            log.info("resumed from the checkpoint of epoch \(restored.epoch) in \(checkpoints.directory)")
        }
        let start = ContinuousClock.now
        var stopped = false
        var epoch = (resumedFrom ?? 0) + 1
        while epoch <= hp.epochs {
            let outcome = try runEpoch(epoch, session: session)
            if outcome.stopped {
                stopped = true
                log.info("stop requested: ending the run after a partial epoch \(epoch)")
                break
            }
            if let metrics = outcome.metrics { history.append(metrics) }
            if let checkpoints {
                var metadata = expected
                metadata.epoch = epoch
                metadata.history = history
                try checkpoints.save(metadata, optimizer: session.optimizer)
            }
            epoch += 1
        }
        let seconds = Self.seconds(since: start)
        let summary = try finish(
            session, history: history, stopped: stopped, resumedFrom: resumedFrom, seconds: seconds,
            trainSamples: data.train.count, threads: Torch.threads, parameterCount: parameterCount)
        if let group = session.group { try torch { try group.barrier() } }
        return summary
    }

    private func makeSession(_ data: TrainingData) throws(TrainerError) -> Session {
        let hp = hyperparameters
        var network = hp.network
        network.inputChannels = data.train.channels
        network.height = data.train.height
        network.width = data.train.width
        network.classes = data.train.classes.count
        let normalization = try hp.normalization(channels: data.train.channels, fallback: data.defaultNormalization)
        var group: ProcessGroup?
        if environment.worldSize > 1 {
            log.info(
                "joining the process group at \(environment.masterAddress):\(environment.masterPort) "
                    + "(world size \(environment.worldSize))")
            group = try torch {
                let group = try ProcessGroup(
                    master: environment.masterAddress, port: environment.masterPort, rank: environment.rank,
                    size: environment.worldSize, timeoutSeconds: hp.distributedTimeoutSeconds,
                    bucketBytes: Int(hp.bucketCapMB * 1024 * 1024))
                try group.gatherLinearGradient(hp.gatherFC1Gradient)
                return group
            }
        }
        return try torch {
            try Torch.seed(hp.seed)
            let model = try TorchModel(network)
            if let group { try group.broadcastParameters(of: model, from: 0) }
            let algorithm: TorchOptimizer.Algorithm =
                switch hp.optimizer {
                case .adam: .adam(beta1: hp.beta1, beta2: hp.beta2, epsilon: hp.epsilon)
                case .sgd: .sgd(momentum: hp.momentum, nesterov: hp.nesterov)
                }
            let optimizer = try TorchOptimizer(
                model: model, algorithm: algorithm, learningRate: hp.learningRate, weightDecay: hp.weightDecay)
            let train = try TorchDataset(data.train, normalization: normalization)
            let test = environment.rank == 0 ? try TorchDataset(data.test, normalization: normalization) : nil
            return Session(
                model: model, optimizer: optimizer, train: train, test: test, group: group,
                normalization: normalization, classes: data.train.classes, testSamples: data.test.count)
        }
    }

    /// Runs `body`, wrapping the shim's errors (closures do not infer typed throws yet).
    func torch<Value>(_ body: () throws -> Value) throws(TrainerError) -> Value {
        do {
            return try body()
        } catch let error as TorchError {
            throw .torch(error)
        } catch let error as TrainerError {
            throw error
        } catch {
            throw .output("\(error)")
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
