import CTorch
import Foundation
import Testing

/// The shim against Python PyTorch on the same libtorch: the same seed, data and batches must give the same
/// parameters, bit for bit. This pins what the shim's faster paths promise (dropout's draws, the fused relu and
/// max-pool, the one-pass Adam, the channels-last convolutions): they compute exactly what PyTorch's own modules,
/// operators and optimizers compute.
@Suite("CTorch shim: bit for bit Python PyTorch", .serialized)
struct PythonReferenceTests {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/reference_steps.py").path

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var channels: Int32, height: Int32, width: Int32, classes: Int32
        var optimizer: Int32
        var weightDecay: Double
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "MNIST shape, Adam", channels: 1, height: 28, width: 28, classes: 10,
            optimizer: CTORCH_OPTIMIZER_ADAM, weightDecay: 0),
        Case(
            name: "odd RGB shape, Adam with weight decay", channels: 3, height: 11, width: 13, classes: 4,
            optimizer: CTORCH_OPTIMIZER_ADAM, weightDecay: 0.01),
        Case(
            name: "MNIST shape, SGD with momentum", channels: 1, height: 28, width: 28, classes: 10,
            optimizer: CTORCH_OPTIMIZER_SGD, weightDecay: 0),
    ]

    @Test(arguments: cases)
    func trainingStepsMatchPyTorch(_ testCase: Case) throws {
        guard Self.pythonHasTorch else {
            print(
                "\n\n!!!!!!!! SKIPPED: \(Self.python) cannot import torch (apt install python3-torch); the shim was "
                    + "NOT compared with Python PyTorch !!!!!!!!\n\n")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctorch-reference-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let count = 96, seed: UInt64 = 11, batchSize = 32, threads: Int32 = 2
        let sampleSize = Int(testCase.channels * testCase.height * testCase.width)
        // Reproducible, well-spread pixels: a multiplicative hash of the position.
        let pixels = (0..<count * sampleSize).map {
            UInt8(truncatingIfNeeded: (UInt64($0) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        }
        let labels = (0..<count).map { Int64($0 % Int(testCase.classes)) }
        let batches = (0..<5).map { step in (0..<batchSize).map { Int64((step * 37 + $0 * 5) % count) } }
        let mean = [Float](repeating: 0.45, count: Int(testCase.channels))
        let std = [Float](repeating: 0.27, count: Int(testCase.channels))
        let lr = testCase.optimizer == CTORCH_OPTIMIZER_ADAM ? 1e-3 : 0.05

        // The shim.
        Shim.ok(ctorch_set_num_threads(threads))
        Shim.ok(ctorch_manual_seed(seed))
        let model = try Shim.model {
            $0.in_channels = testCase.channels
            $0.height = testCase.height
            $0.width = testCase.width
            $0.num_classes = testCase.classes
        }
        var optimizerConfig = ctorch_optimizer_config(
            kind: testCase.optimizer, lr: lr, momentum: 0.9, nesterov: 0, weight_decay: testCase.weightDecay,
            beta1: 0.9, beta2: 0.999, eps: 1e-8)
        var optimizerHandle: OpaquePointer?
        Shim.ok(ctorch_optimizer_create(model, &optimizerConfig, &optimizerHandle))
        let optimizer = try #require(optimizerHandle)
        var datasetHandle: OpaquePointer?
        Shim.ok(
            ctorch_dataset_create(
                pixels, labels, Int64(count), testCase.channels, testCase.height, testCase.width, mean, std,
                testCase.classes, &datasetHandle))
        let dataset = try #require(datasetHandle)
        defer {
            ctorch_dataset_free(dataset)
            ctorch_optimizer_free(optimizer)
            ctorch_model_free(model)
        }
        var stats = ctorch_step_stats()
        for batch in batches {
            Shim.ok(ctorch_train_step(model, optimizer, dataset, batch, Int64(batch.count), nil, &stats))
        }
        let ours = Shim.parameters(model)

        // Python PyTorch.
        try Data(pixels).write(to: directory.appendingPathComponent("pixels.bin"))
        try labels.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent("labels.bin")) }
        let spec: [String: Any] = [
            "config": [
                "in_channels": testCase.channels, "height": testCase.height, "width": testCase.width,
                "num_classes": testCase.classes, "conv1_channels": 32, "conv2_channels": 64, "hidden_units": 128,
                "dropout1": 0.25, "dropout2": 0.5,
            ],
            "seed": seed, "threads": threads, "count": count,
            "optimizer":
                testCase.optimizer == CTORCH_OPTIMIZER_ADAM ? "adam" : "sgd",
            "lr": lr, "momentum": 0.9, "weight_decay": testCase.weightDecay, "mean": mean.map(Double.init),
            "std": std.map(Double.init), "batches": batches,
            "pixels": directory.appendingPathComponent("pixels.bin").path,
            "labels": directory.appendingPathComponent("labels.bin").path,
        ]
        let specFile = directory.appendingPathComponent("spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specFile)
        let output = directory.appendingPathComponent("parameters.bin")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, specFile.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(message)")
        let bytes = try Data(contentsOf: output)
        let reference = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }

        try #require(reference.count == ours.count)
        let differing = zip(ours, reference).filter { $0.bitPattern != $1.bitPattern }.count
        let largest = zip(ours, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(differing == 0, "\(differing) of \(ours.count) parameters differ (largest difference \(largest))")
    }

    static let pythonHasTorch: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import torch"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
