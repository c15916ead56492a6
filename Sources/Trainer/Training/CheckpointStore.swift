import Foundation

/// Per-epoch training checkpoints in the CheckpointConfig directory: `epoch-NNNN.pt` (model, optimizer state and
/// libtorch's generator state) and `epoch-NNNN.json` (what the run needs to continue), written in that order so a
/// JSON file always names a complete checkpoint. The newest `keep` are kept.
struct CheckpointStore: Sendable {
    /// What a checkpoint records besides the tensors; resuming requires the same settings.
    struct Metadata: Codable, Equatable, Sendable {
        var epoch: Int
        var network: CNNConfiguration
        var optimizer: String
        var seed: UInt64
        var batchSize: Int
        var trainSamples: Int
        var worldSize: Int
        var history: [EpochMetrics]
    }

    /// The directory.
    let directory: String
    /// Checkpoints kept (older ones are deleted); more than one so ranks can agree on a common epoch.
    var keep = 2

    /// The tensor file of `epoch`.
    func tensorFile(epoch: Int) -> String { directory + "/" + String(format: "epoch-%04d.pt", epoch) }
    /// The metadata file of `epoch`.
    func metadataFile(epoch: Int) -> String { directory + "/" + String(format: "epoch-%04d.json", epoch) }

    /// Saves the checkpoint of `metadata.epoch` and prunes old ones.
    func save(_ metadata: Metadata, optimizer: TorchOptimizer) throws(TrainerError) {
        try ArtifactWriter.createDirectory(directory)
        do { try optimizer.saveCheckpoint(to: tensorFile(epoch: metadata.epoch)) } catch { throw .torch(error) }
        try ArtifactWriter.writeJSON(metadata, to: metadataFile(epoch: metadata.epoch))
        // Keep the newest `keep` up to this epoch; later ones are stale (from a run with more epochs).
        let existing = epochs()
        for old in existing.filter({ $0 > metadata.epoch }) + existing.filter({ $0 <= metadata.epoch }).dropLast(keep) {
            try? FileManager.default.removeItem(atPath: metadataFile(epoch: old))
            try? FileManager.default.removeItem(atPath: tensorFile(epoch: old))
        }
    }

    /// The epochs with a complete checkpoint, oldest first.
    func epochs() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("epoch-"), name.hasSuffix(".json") else { return nil }
            guard let epoch = Int(name.dropFirst("epoch-".count).dropLast(".json".count)) else { return nil }
            return FileManager.default.fileExists(atPath: tensorFile(epoch: epoch)) ? epoch : nil
        }.sorted()
    }

    /// The metadata of `epoch`'s checkpoint, if it is readable.
    func metadata(epoch: Int) -> Metadata? {
        ArtifactWriter.readJSON(Metadata.self, from: metadataFile(epoch: epoch))
    }

    /// Restores `epoch`'s checkpoint into `optimizer` (and its model) after checking it was written by a run with
    /// the same settings as `expected` (the epoch and history aside).
    func restore(epoch: Int, into optimizer: TorchOptimizer, expected: Metadata) throws(TrainerError) -> Metadata {
        guard let metadata = metadata(epoch: epoch) else {
            throw .configuration("the checkpoint \(metadataFile(epoch: epoch)) cannot be read")
        }
        var comparable = metadata
        comparable.epoch = expected.epoch
        comparable.history = expected.history
        guard comparable == expected else {
            throw .configuration(
                "the checkpoint \(metadataFile(epoch: epoch)) was written by a run with other settings "
                    + "(network, optimizer, seed, batch_size, dataset size or world size); remove it or use another "
                    + "checkpoint location")
        }
        do { try optimizer.loadCheckpoint(from: tensorFile(epoch: epoch)) } catch { throw .torch(error) }
        return metadata
    }
}
