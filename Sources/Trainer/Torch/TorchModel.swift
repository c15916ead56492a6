import CTorch

/// A CNN held by the shim; the handle is freed with the object.
final class TorchModel {
    /// One parameter tensor: its state-dict name and shape.
    struct Parameter: Equatable, Sendable {
        /// The state-dict name, e.g. `conv1.weight`.
        let name: String
        /// The tensor's shape.
        let shape: [Int]
        /// The number of scalars.
        var elements: Int { shape.reduce(1, *) }
    }

    let handle: OpaquePointer
    /// The configuration the model was built with.
    let configuration: CNNConfiguration

    /// Builds a model with fresh weights (seed libtorch first for reproducible weights).
    init(_ configuration: CNNConfiguration) throws(TorchError) {
        var config = configuration.shim
        var handle: OpaquePointer?
        try TorchError.check(ctorch_model_create(&config, &handle), "creating the CNN")
        self.handle = handle!
        self.configuration = configuration
    }

    deinit { ctorch_model_free(handle) }

    /// The parameters in state-dict order.
    func parameters() throws(TorchError) -> [Parameter] {
        var tensors: Int64 = 0
        try TorchError.check(ctorch_model_parameter_count(handle, &tensors, nil), "counting parameters")
        var result: [Parameter] = []
        for index in 0..<tensors {
            var info = ctorch_parameter_info()
            try TorchError.check(ctorch_model_parameter_info(handle, index, &info), "describing parameter \(index)")
            let shape = withUnsafeBytes(of: info.shape) { Array($0.bindMemory(to: Int64.self).prefix(Int(info.dims))) }
            result.append(Parameter(name: String(cString: info.name), shape: shape.map { Int($0) }))
        }
        return result
    }

    /// The number of scalar parameters.
    func parameterCount() throws(TorchError) -> Int {
        var elements: Int64 = 0
        try TorchError.check(ctorch_model_parameter_count(handle, nil, &elements), "counting parameters")
        return Int(elements)
    }

    /// All parameters, flattened in state-dict order.
    func flatParameters() throws(TorchError) -> [Float] {
        let count = try parameterCount()
        var status: Int32 = CTORCH_OK
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = ctorch_model_copy_parameters(handle, buffer.baseAddress, Int64(count))
            initialized = status == CTORCH_OK ? count : 0
        }
        try TorchError.check(status, "copying parameters")
        return values
    }

    /// Evaluation-mode logits for float input of `shape` (NCHW, normalized); `batch x classes` values.
    func forward(_ input: [Float], shape: [Int]) throws(TorchError) -> [Float] {
        guard let batch = shape.first, batch > 0, shape.allSatisfy({ $0 > 0 }),
            input.count == shape.reduce(1, *)
        else {
            throw TorchError(
                kind: .invalidArgument, operation: "the forward pass",
                message: "\(input.count) values do not fill the shape \(shape)")
        }
        let capacity = batch * configuration.classes
        var status: Int32 = CTORCH_OK
        let dims = shape.map { Int64($0) }
        let logits = [Float](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            status = ctorch_model_forward(
                handle, input, dims, Int32(dims.count), buffer.baseAddress, Int64(capacity))
            initialized = status == CTORCH_OK ? capacity : 0
        }
        try TorchError.check(status, "the forward pass on shape \(shape)")
        return logits
    }

    /// Saves the state dict where Python's `torch.load` reads it.
    func save(to path: String) throws(TorchError) {
        try TorchError.check(ctorch_model_save(handle, path), "saving the model to \(path)")
    }

    /// Loads a state dict saved by `save(to:)` or by Python's `torch.save(model.state_dict(), path)`.
    func load(from path: String) throws(TorchError) {
        try TorchError.check(ctorch_model_load(handle, path), "loading the model from \(path)")
    }
}
