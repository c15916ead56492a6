import CTorch

/// An optimizer over one model's parameters; keeps the model alive and frees its handle with the object.
final class TorchOptimizer {
    /// The algorithm and its settings.
    enum Algorithm: Equatable, Sendable {
        /// Adam with its betas, epsilon and L2 weight decay.
        case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
        /// Stochastic gradient descent with (optionally Nesterov) momentum.
        case sgd(momentum: Double, nesterov: Bool = false)

        /// The name used in hyperparameters and checkpoints.
        var name: String {
            switch self {
            case .adam: "adam"
            case .sgd: "sgd"
            }
        }
    }

    let handle: OpaquePointer
    /// The model whose parameters this optimizer updates.
    let model: TorchModel
    /// The algorithm.
    let algorithm: Algorithm
    /// The current learning rate.
    private(set) var learningRate: Double

    /// Creates an optimizer for `model`'s parameters.
    init(
        model: TorchModel, algorithm: Algorithm, learningRate: Double, weightDecay: Double = 0
    ) throws(TorchError) {
        var config = ctorch_optimizer_config()
        config.lr = learningRate
        config.weight_decay = weightDecay
        switch algorithm {
        case .adam(let beta1, let beta2, let epsilon):
            config.kind = CTORCH_OPTIMIZER_ADAM
            (config.beta1, config.beta2, config.eps) = (beta1, beta2, epsilon)
        case .sgd(let momentum, let nesterov):
            config.kind = CTORCH_OPTIMIZER_SGD
            (config.momentum, config.nesterov) = (momentum, nesterov ? 1 : 0)
        }
        var handle: OpaquePointer?
        try TorchError.check(ctorch_optimizer_create(model.handle, &config, &handle), "creating the optimizer")
        self.handle = handle!
        self.model = model
        self.algorithm = algorithm
        self.learningRate = learningRate
    }

    deinit { ctorch_optimizer_free(handle) }

    /// Changes the learning rate (for a schedule).
    func setLearningRate(_ rate: Double) throws(TorchError) {
        try TorchError.check(ctorch_optimizer_set_lr(handle, rate), "setting the learning rate to \(rate)")
        learningRate = rate
    }

    /// Saves a checkpoint: the model, this optimizer's state and libtorch's generator state.
    func saveCheckpoint(to path: String) throws(TorchError) {
        try TorchError.check(ctorch_checkpoint_save(model.handle, handle, path), "saving the checkpoint \(path)")
    }

    /// Restores a checkpoint written by `saveCheckpoint(to:)`.
    func loadCheckpoint(from path: String) throws(TorchError) {
        try TorchError.check(ctorch_checkpoint_load(model.handle, handle, path), "loading the checkpoint \(path)")
    }
}
