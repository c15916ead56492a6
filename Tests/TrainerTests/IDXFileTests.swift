import Foundation
import Testing

@testable import Trainer

@Suite("IDX files and gzip")
struct IDXFileTests {
    /// The `.data` message of a thrown TrainerError, or nil.
    static func dataMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as TrainerError {
            guard case .data(let message) = error else { return "unexpected \(error)" }
            return message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func parsesAWellFormedFile() throws {
        let file = try IDXFile(parsing: TestSupport.idx([3, 2, 4]), expectedDimensions: 3, name: "x")
        #expect(file.dimensions == [3, 2, 4])
        #expect(file.data == (0..<24).map { UInt8($0) })
    }

    @Test func parsesDebiansGzippedFashionMNIST() throws {
        let path = TestSupport.fashionMNIST + "/t10k-labels-idx1-ubyte.gz"
        let file = try IDXFile(parsing: MNISTFiles.read(path), expectedDimensions: 1, name: path)
        #expect(file.dimensions == [10_000])
        #expect(file.data.prefix(5) == [9, 2, 1, 1, 6])  // Fashion-MNIST's first test labels
        let images = TestSupport.fashionMNIST + "/t10k-images-idx3-ubyte.gz"
        #expect(
            try IDXFile(parsing: MNISTFiles.read(images), expectedDimensions: 3, name: images).dimensions
                == [10_000, 28, 28])
    }

    @Test(
        arguments: [
            ([UInt8]([0, 0, 8]), "is truncated: 3 bytes, shorter than an IDX header"),
            ([1, 2, 8, 3], "is not an IDX file (magic bytes 1 2 8 3"),
            ([0, 0, 0x0d, 3], "holds IDX type 0xd; only unsigned bytes (0x08) are supported"),
            ([0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0], "has 2 dimensions, expected 3"),
            ([0, 0, 8, 3, 0, 0, 0, 1], "is truncated: 8 bytes, shorter than its 16-byte header"),
            (
                TestSupport.idx([2, 3, 3]).dropLast(5),
                "is truncated: dimensions [2, 3, 3] need 18 data bytes, the file has 13"
            ),
            (
                TestSupport.idx([2, 3, 3]) + [1, 2],
                "is corrupt: 2 bytes beyond the 18 its dimensions [2, 3, 3] describe"
            ),
            (TestSupport.idx([0, 3, 3], data: []), "dimension 1 has size 0"),
            ([0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "are too large"),
        ] as [([UInt8], String)])
    func corruptFilesAreClearFailures(bytes: [UInt8], message: String) {
        let reason = Self.dataMessage { _ = try IDXFile(parsing: bytes, expectedDimensions: 3, name: "f.idx") }
        #expect(reason?.hasPrefix("f.idx") == true, "\(reason ?? "no error")")
        #expect(reason?.contains(message) == true, "\(reason ?? "no error")")
    }

    @Test func truncatedAndCorruptGzipAreClearFailures() throws {
        let gzipped = try MNISTFiles.read(TestSupport.fashionMNIST + "/t10k-labels-idx1-ubyte.gz")
        let truncated = Array(gzipped.prefix(gzipped.count / 2))
        let reason = Self.dataMessage { _ = try IDXFile(parsing: truncated, expectedDimensions: 1, name: "l.gz") }
        #expect(reason == "l.gz: truncated gzip data: the stream ends before its end marker")
        var corrupt = gzipped
        for index in stride(from: 100, to: 400, by: 3) { corrupt[index] ^= 0x5a }
        let corruptReason = Self.dataMessage { _ = try IDXFile(parsing: corrupt, expectedDimensions: 1, name: "l.gz") }
        #expect(corruptReason?.hasPrefix("l.gz: corrupt gzip data: ") == true, "\(corruptReason ?? "no error")")
        let trailing = Self.dataMessage { _ = try Gzip.decompress(gzipped + [1, 2, 3]) }
        #expect(trailing == "corrupt gzip data: 3 unexpected trailing bytes")
        #expect(Self.dataMessage { _ = try Gzip.decompress(Array(gzipped.prefix(2))) } != nil)
        #expect(Self.dataMessage { _ = try Gzip.decompress(gzipped, limit: 1000) }?.contains("more than 1000") == true)
    }

    @Test func concatenatedGzipMembersDecompressToTheirConcatenation() throws {
        let gzipped = try MNISTFiles.read(TestSupport.fashionMNIST + "/t10k-labels-idx1-ubyte.gz")
        let single = try Gzip.decompress(gzipped)
        #expect(single.count == 8 + 10_000)
        #expect(try Gzip.decompress(gzipped + gzipped) == single + single)
    }

    @Test func findsFilesInNestedDirectoriesAndTheDottedVariant() throws {
        let directory = try TestSupport.temporaryDirectory("mnist-find")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(TestSupport.idx([2, 6, 6]), to: directory + "/FashionMNIST/raw/train-images.idx3-ubyte")
        try TestSupport.write(
            TestSupport.idx([2], data: [3, 9]), to: directory + "/FashionMNIST/raw/train-labels-idx1-ubyte")
        let files = try #require(MNISTFiles.find(.train, in: ["/nonexistent", directory]))
        #expect(files.images.hasSuffix("train-images.idx3-ubyte"))
        #expect(MNISTFiles.find(.test, in: [directory]) == nil)
        let set = try files.load()
        #expect(set.count == 2 && set.height == 6 && set.width == 6 && set.channels == 1)
        #expect(set.labels == [3, 9])
        #expect(try files.load(limit: 1).count == 1)
    }

    @Test func findsFilesThroughASymlinkedChannelDirectory() throws {
        let directory = try TestSupport.temporaryDirectory("mnist-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/training", withDestinationPath: TestSupport.fashionMNIST)
        let files = try #require(MNISTFiles.find(.train, in: [directory + "/training"]))
        #expect(files.images.hasSuffix("/train-images-idx3-ubyte.gz"))
        #expect(MNISTFiles.find(.test, in: [directory + "/training"]) != nil)
    }

    @Test func inconsistentPairsAreClearFailures() throws {
        let directory = try TestSupport.temporaryDirectory("mnist-pairs")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(TestSupport.idx([3, 6, 6]), to: directory + "/train-images-idx3-ubyte")
        try TestSupport.write(TestSupport.idx([2], data: [1, 2]), to: directory + "/train-labels-idx1-ubyte")
        let files = try #require(MNISTFiles.find(.train, in: [directory]))
        #expect(Self.dataMessage { _ = try files.load() }?.contains("holds 3 images but") == true)
        try TestSupport.write(TestSupport.idx([3], data: [1, 12, 2]), to: directory + "/train-labels-idx1-ubyte")
        #expect(Self.dataMessage { _ = try files.load() }?.contains("label 12 of sample 1 is outside 0...9") == true)
    }
}
