import CTorch
import Testing

/// Helpers for calling the C API from tests: status checks that surface the shim's message, handle lifetimes.
enum Shim {
    /// Expects `status` to be `CTORCH_OK`, recording the shim's message otherwise.
    static func ok(_ status: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == CTORCH_OK, "\(String(cString: ctorch_last_error()))", sourceLocation: sourceLocation)
    }

    /// The calling thread's last error message.
    static var lastError: String { String(cString: ctorch_last_error()) }

    /// A model of `config` (default: the classic 28x28, 10-class network) or a test failure.
    static func model(_ configure: (inout ctorch_cnn_config) -> Void = { _ in }) throws -> OpaquePointer {
        var config = ctorch_cnn_config()
        ctorch_cnn_config_default(&config)
        configure(&config)
        var model: OpaquePointer?
        ok(ctorch_model_create(&config, &model))
        return try #require(model)
    }

    /// All parameters of `model`, flattened.
    static func parameters(_ model: OpaquePointer) -> [Float] {
        var elements: Int64 = 0
        ok(ctorch_model_parameter_count(model, nil, &elements))
        var values = [Float](repeating: .nan, count: Int(elements))
        ok(ctorch_model_copy_parameters(model, &values, elements))
        return values
    }

    /// An optimizer of `kind` over `model`.
    static func optimizer(
        _ model: OpaquePointer, kind: Int32 = CTORCH_OPTIMIZER_SGD, lr: Double = 0.05
    )
        throws -> OpaquePointer
    {
        var config = ctorch_optimizer_config(
            kind: kind, lr: lr, momentum: 0.9, nesterov: 0, weight_decay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8)
        var optimizer: OpaquePointer?
        ok(ctorch_optimizer_create(model, &config, &optimizer))
        return try #require(optimizer)
    }

    /// A separable two-class data set of `count` 8x8 grayscale images: class 1 is bright in the left half.
    static func toyDataset(count: Int) throws -> OpaquePointer {
        var pixels = [UInt8](repeating: 0, count: count * 64)
        var labels = [Int64](repeating: 0, count: count)
        for sample in 0..<count {
            labels[sample] = Int64(sample % 2)
            for row in 0..<8 {
                for column in 0..<8 {
                    let bright = (column < 4) == (sample % 2 == 1)
                    pixels[sample * 64 + row * 8 + column] = bright ? UInt8(200 + (sample * 7 + row) % 50) : 20
                }
            }
        }
        var dataset: OpaquePointer?
        var mean: Float = 0.5
        var std: Float = 0.5
        ok(ctorch_dataset_create(pixels, labels, Int64(count), 1, 8, 8, &mean, &std, 2, &dataset))
        return try #require(dataset)
    }

    /// The configuration of models that learn `toyDataset`.
    static func toyConfig(_ config: inout ctorch_cnn_config) {
        config.height = 8
        config.width = 8
        config.num_classes = 2
        config.conv1_channels = 4
        config.conv2_channels = 8
        config.hidden_units = 16
    }
}
