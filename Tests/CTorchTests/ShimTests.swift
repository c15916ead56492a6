import CTorch
import Foundation
import Testing

@Suite("CTorch shim: model, shapes, gradients, errors")
struct ShimTests {
    @Test func reportsVersionAndSetsThreads() {
        #expect(String(cString: ctorch_version()).hasPrefix("1.13"))
        Shim.ok(ctorch_set_num_threads(2))
        #expect(ctorch_get_num_threads() == 2)
        #expect(ctorch_set_num_threads(0) == CTORCH_ERROR_INVALID_ARGUMENT)
        #expect(Shim.lastError.contains("at least 1"))
    }

    @Test func classicNetworkHasPyTorchsParameterNamesAndShapes() throws {
        let model = try Shim.model()
        defer { ctorch_model_free(model) }
        var tensors: Int64 = 0
        var elements: Int64 = 0
        Shim.ok(ctorch_model_parameter_count(model, &tensors, &elements))
        #expect(tensors == 8)
        #expect(elements == 1_199_882)  // PyTorch's MNIST example network
        var found: [String: [Int64]] = [:]
        for index in 0..<tensors {
            var info = ctorch_parameter_info()
            Shim.ok(ctorch_model_parameter_info(model, index, &info))
            found[String(cString: info.name)] = withUnsafeBytes(of: info.shape) {
                Array($0.bindMemory(to: Int64.self).prefix(Int(info.dims)))
            }
        }
        #expect(found["conv1.weight"] == [32, 1, 3, 3])
        #expect(found["conv2.weight"] == [64, 32, 3, 3])
        #expect(found["fc1.weight"] == [128, 9216])
        #expect(found["fc2.bias"] == [10])
        var info = ctorch_parameter_info()
        #expect(ctorch_model_parameter_info(model, 8, &info) == CTORCH_ERROR_INVALID_ARGUMENT)
    }

    @Test func networkAdaptsToChannelsImageSizeAndClasses() throws {
        let model = try Shim.model {
            $0.in_channels = 3
            $0.height = 32
            $0.width = 30
            $0.num_classes = 5
        }
        defer { ctorch_model_free(model) }
        var info = ctorch_parameter_info()
        Shim.ok(ctorch_model_parameter_info(model, 0, &info))
        #expect(info.shape.0 == 32 && info.shape.1 == 3)
        Shim.ok(ctorch_model_parameter_info(model, 4, &info))
        #expect(info.shape.1 == 64 * 14 * 13)  // fc1: 64 channels x ((32-4)/2) x ((30-4)/2)
        let input = [Float](repeating: 0.1, count: 2 * 3 * 32 * 30)
        var logits = [Float](repeating: .nan, count: 10)
        Shim.ok(ctorch_model_forward(model, input, [2, 3, 32, 30], 4, &logits, 10))
        #expect(logits.allSatisfy { $0.isFinite })
    }

    @Test func forwardIsDeterministicInEvaluationMode() throws {
        let model = try Shim.model()
        defer { ctorch_model_free(model) }
        let input = (0..<(3 * 784)).map { Float($0 % 255) / 255 }
        var first = [Float](repeating: 0, count: 30)
        var second = [Float](repeating: 1, count: 30)
        Shim.ok(ctorch_model_forward(model, input, [3, 1, 28, 28], 4, &first, 30))
        Shim.ok(ctorch_model_forward(model, input, [3, 1, 28, 28], 4, &second, 30))
        #expect(first == second)
    }

    @Test func badShapesGiveErrorMessagesNotCrashes() throws {
        let model = try Shim.model()
        defer { ctorch_model_free(model) }
        var logits = [Float](repeating: 0, count: 64)
        let wrongSize = [Float](repeating: 0, count: 2 * 32 * 32)
        #expect(ctorch_model_forward(model, wrongSize, [2, 1, 32, 32], 4, &logits, 64) == CTORCH_ERROR_TORCH)
        #expect(Shim.lastError.contains("shapes cannot be multiplied"), "\(Shim.lastError)")
        let flat = [Float](repeating: 0, count: 2 * 784)
        #expect(ctorch_model_forward(model, flat, [2, 784], 2, &logits, 64) == CTORCH_ERROR_TORCH)
        #expect(Shim.lastError.contains("conv2d"), "\(Shim.lastError)")
        let wrongChannels = [Float](repeating: 0, count: 2 * 3 * 784)
        #expect(ctorch_model_forward(model, wrongChannels, [2, 3, 28, 28], 4, &logits, 64) == CTORCH_ERROR_TORCH)
        #expect(Shim.lastError.contains("channels"), "\(Shim.lastError)")
        #expect(ctorch_model_forward(model, flat, [2, 1, 28, 28], 4, &logits, 5) == CTORCH_ERROR_INVALID_ARGUMENT)
        #expect(Shim.lastError.contains("too small"))
        // The model still works after the failures.
        Shim.ok(ctorch_model_forward(model, flat, [2, 1, 28, 28], 4, &logits, 64))
    }

    @Test func invalidArgumentsAreRejected() {
        var config = ctorch_cnn_config()
        ctorch_cnn_config_default(&config)
        config.height = 4
        var model: OpaquePointer?
        #expect(ctorch_model_create(&config, &model) == CTORCH_ERROR_INVALID_ARGUMENT)
        #expect(model == nil)
        #expect(Shim.lastError.contains("at least 6"))
        #expect(ctorch_model_create(nil, &model) == CTORCH_ERROR_INVALID_ARGUMENT)
        var stats = ctorch_step_stats()
        #expect(ctorch_train_step(nil, nil, nil, nil, 0, nil, &stats) == CTORCH_ERROR_INVALID_ARGUMENT)
        #expect(ctorch_evaluate(nil, nil, 0, 0, 1, &stats) == CTORCH_ERROR_INVALID_ARGUMENT)
        ctorch_model_free(nil)
        ctorch_optimizer_free(nil)
        ctorch_dataset_free(nil)
        ctorch_process_group_free(nil)
    }

    @Test func crossEntropyGradientIsSoftmaxMinusOneHotOverBatch() {
        let logits: [Float] = [1, 2, 3, 0.5, 0.5, 0.5]
        let labels: [Int64] = [2, 0]
        var loss = 0.0
        var gradient = [Float](repeating: .nan, count: 6)
        Shim.ok(ctorch_cross_entropy(logits, labels, 2, 3, &loss, &gradient))
        var expectedLoss = 0.0
        var expectedGradient: [Double] = []
        for row in 0..<2 {
            let values = logits[row * 3..<row * 3 + 3].map { Double($0) }
            let total = values.map { exp($0) }.reduce(0, +)
            expectedLoss += -log(exp(values[Int(labels[row])]) / total) / 2
            for column in 0..<3 {
                let softmax = exp(values[column]) / total
                expectedGradient.append((softmax - (column == Int(labels[row]) ? 1 : 0)) / 2)
            }
        }
        #expect(abs(loss - expectedLoss) < 1e-6)
        for (actual, expected) in zip(gradient, expectedGradient) { #expect(abs(Double(actual) - expected) < 1e-6) }
    }

    @Test func outOfRangeLabelsAreErrors() {
        var loss = 0.0
        #expect(ctorch_cross_entropy([1, 2, 3], [5], 1, 3, &loss, nil) == CTORCH_ERROR_TORCH)
        #expect(Shim.lastError.contains("out of bounds"), "\(Shim.lastError)")
        var dataset: OpaquePointer?
        var mean: Float = 0
        var std: Float = 1
        let pixels = [UInt8](repeating: 0, count: 2 * 36)
        #expect(
            ctorch_dataset_create(pixels, [0, 7], 2, 1, 6, 6, &mean, &std, 5, &dataset) == CTORCH_ERROR_INVALID_ARGUMENT
        )
        #expect(Shim.lastError.contains("label 7"))
        #expect(dataset == nil)
    }
}
