import Foundation
import Testing

@testable import Trainer

/// The trainer on generated image folders: a directory, a zip archive, and a broken image.
@Suite("Trainer runs on image folders", .serialized)
struct ImageFolderTrainingTests {
    static let hyperparameters = [
        "dataset_type": "imagefolder", "image_size": "16", "image_channels": "3", "epochs": "4", "batch_size": "8",
        "test_split": "0.25", "num_threads": "2", "lr": "0.003",
    ]

    @Test(arguments: [false, true])
    func learnsTwoClassesFromPNGAndJPEGFiles(zipped: Bool) throws {
        let root = try TestSupport.mlRoot(hyperparameters: Self.hyperparameters, linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try ImageFixtures.twoClasses(perClass: 24, prefix: "shapes/")
        if zipped {
            try TestSupport.write(ImageFixtures.zip(files), to: root + "/input/data/training/shapes.zip")
        } else {
            try ImageFixtures.write(files, under: root + "/input/data/training")
        }
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("training on 36 samples of 3x16x16"))
        let summary = try TestSupport.metrics(root: root)
        #expect(summary.testSamples == 12)
        #expect((summary.testAccuracy ?? 0) >= 0.9, "\(outcome.output)")
        let description = try #require(ArtifactWriter.readJSON(ModelDescription.self, from: root + "/model/model.json"))
        #expect(description.classes == ["left", "right"])
        #expect(description.input.channels == 3 && description.input.height == 16)
        #expect(description.input.normalization == Normalization(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5]))
        #expect(description.network.classes == 2)
    }

    @Test func aBrokenImageIsAClientErrorNamingTheFile() throws {
        let root = try TestSupport.mlRoot(hyperparameters: Self.hyperparameters, linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var files = try ImageFixtures.twoClasses(perClass: 4)
        files[5].1 = Array(files[5].1.prefix(20))
        try ImageFixtures.write(files, under: root + "/input/data/training")
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 1)
        let reason = TestSupport.failureReason(root: root)
        #expect(reason?.hasPrefix("ClientError: invalid input data: ") == true, "\(reason ?? "none")")
        #expect(reason?.contains("right/1.jpg: corrupt JPEG") == true, "\(reason ?? "none")")
    }

    @Test func aSingleClassIsAClientError() throws {
        let root = try TestSupport.mlRoot(hyperparameters: Self.hyperparameters, linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ImageFixtures.write(
            Array(ImageFixtures.twoClasses(perClass: 2).prefix(2)), under: root + "/input/data/training")
        #expect(try TestSupport.runTrainer(root: root).status == 1)
        #expect(TestSupport.failureReason(root: root)?.contains("needs at least two class folders") == true)
    }
}
