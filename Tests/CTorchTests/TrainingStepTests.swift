import CTorch
import Foundation
import Testing

@Suite("CTorch shim: training steps, evaluation, save and load")
struct TrainingStepTests {
    @Test(arguments: [CTORCH_OPTIMIZER_SGD, CTORCH_OPTIMIZER_ADAM])
    func stepsLearnASeparableProblem(optimizerKind: Int32) throws {
        let model = try Shim.model(Shim.toyConfig)
        let optimizer = try Shim.optimizer(
            model, kind: optimizerKind, lr: optimizerKind == CTORCH_OPTIMIZER_SGD ? 0.05 : 0.01)
        let dataset = try Shim.toyDataset(count: 64)
        defer {
            ctorch_optimizer_free(optimizer)
            ctorch_dataset_free(dataset)
            ctorch_model_free(model)
        }
        #expect(ctorch_dataset_count(dataset) == 64)
        var before = ctorch_step_stats()
        Shim.ok(ctorch_evaluate(model, dataset, 0, 64, 16, &before))
        #expect(before.count == 64)
        let indices = (0..<Int64(64)).map { $0 }
        var stats = ctorch_step_stats()
        for step in 0..<30 {
            let batch = Array(indices[(step % 4) * 16..<(step % 4 + 1) * 16])
            Shim.ok(ctorch_train_step(model, optimizer, dataset, batch, 16, nil, &stats))
            #expect(stats.count == 16)
        }
        var after = ctorch_step_stats()
        Shim.ok(ctorch_evaluate(model, dataset, 0, 64, 16, &after))
        #expect(after.loss < before.loss / 4, "summed loss \(before.loss) -> \(after.loss)")
        #expect(after.correct == 64)
        Shim.ok(ctorch_optimizer_set_lr(optimizer, 0.001))
        #expect(ctorch_optimizer_set_lr(optimizer, -1) == CTORCH_ERROR_INVALID_ARGUMENT)
    }

    @Test func indicesOutsideTheDatasetAreErrors() throws {
        let model = try Shim.model(Shim.toyConfig)
        let optimizer = try Shim.optimizer(model)
        let dataset = try Shim.toyDataset(count: 8)
        defer {
            ctorch_optimizer_free(optimizer)
            ctorch_dataset_free(dataset)
            ctorch_model_free(model)
        }
        var stats = ctorch_step_stats()
        #expect(ctorch_train_step(model, optimizer, dataset, [0, 8], 2, nil, &stats) == CTORCH_ERROR_TORCH)
        #expect(Shim.lastError.contains("out of range"), "\(Shim.lastError)")
        #expect(ctorch_evaluate(model, dataset, 4, 8, 4, &stats) == CTORCH_ERROR_INVALID_ARGUMENT)
    }

    @Test func savedStateDictsLoadIntoAFreshModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctorch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.pt").path
        let original = try Shim.model()
        let copy = try Shim.model()
        let other = try Shim.model { $0.num_classes = 3 }
        defer { [original, copy, other].forEach { ctorch_model_free($0) } }
        #expect(Shim.parameters(original) != Shim.parameters(copy))
        Shim.ok(ctorch_model_save(original, path))
        Shim.ok(ctorch_model_load(copy, path))
        #expect(Shim.parameters(original) == Shim.parameters(copy))
        #expect(ctorch_model_load(other, path) == CTORCH_ERROR_IO)
        #expect(
            Shim.lastError.contains("'fc2.weight' has shape [10, 128], the model expects [3, 128]"), "\(Shim.lastError)"
        )
        #expect(ctorch_model_load(copy, directory.appendingPathComponent("missing.pt").path) == CTORCH_ERROR_IO)
        #expect(Shim.lastError.contains("cannot open"))
        let garbage = directory.appendingPathComponent("garbage.pt").path
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(ctorch_model_load(copy, garbage) == CTORCH_ERROR_IO)
        #expect(ctorch_model_save(original, "/nonexistent-directory/model.pt") == CTORCH_ERROR_IO)
    }

    @Test func checkpointsRestoreModelAndOptimizerState() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ctorch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("checkpoint.pt").path
        // No dropout: the result must not depend on the generator, which concurrently running tests share.
        let config: (inout ctorch_cnn_config) -> Void = {
            Shim.toyConfig(&$0)
            $0.dropout1 = 0
            $0.dropout2 = 0
        }
        let dataset = try Shim.toyDataset(count: 32)
        let model = try Shim.model(config)
        let optimizer = try Shim.optimizer(model, kind: CTORCH_OPTIMIZER_ADAM, lr: 0.01)
        let restoredModel = try Shim.model(config)
        let restored = try Shim.optimizer(restoredModel, kind: CTORCH_OPTIMIZER_ADAM, lr: 0.01)
        let sgdModel = try Shim.model(config)
        let sgd = try Shim.optimizer(sgdModel)
        defer {
            [optimizer, restored, sgd].forEach { ctorch_optimizer_free($0) }
            [model, restoredModel, sgdModel].forEach { ctorch_model_free($0) }
            ctorch_dataset_free(dataset)
        }
        var stats = ctorch_step_stats()
        let batch: [Int64] = Array(0..<16)
        for _ in 0..<3 { Shim.ok(ctorch_train_step(model, optimizer, dataset, batch, 16, nil, &stats)) }
        Shim.ok(ctorch_checkpoint_save(model, optimizer, path))
        Shim.ok(ctorch_checkpoint_load(restoredModel, restored, path))
        #expect(Shim.parameters(model) == Shim.parameters(restoredModel))
        // Adam's moments were restored too: the next steps match exactly.
        for _ in 0..<3 {
            Shim.ok(ctorch_train_step(model, optimizer, dataset, batch, 16, nil, &stats))
            Shim.ok(ctorch_train_step(restoredModel, restored, dataset, batch, 16, nil, &stats))
        }
        #expect(Shim.parameters(model) == Shim.parameters(restoredModel))
        #expect(ctorch_checkpoint_load(sgdModel, sgd, path) == CTORCH_ERROR_IO)
        #expect(Shim.lastError.contains("another optimizer"), "\(Shim.lastError)")
    }
}
