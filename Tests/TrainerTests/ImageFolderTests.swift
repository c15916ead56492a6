import Foundation
import Testing

@testable import Trainer

@Suite("Image folders: PNG, JPEG, zip, resizing")
struct ImageFolderTests {
    @Test func pngRoundTripsExactlyAndJPEGClosely() throws {
        let pixels = ImageFixtures.pixels(brightLeft: true, variant: 1, size: 12, channels: 3)
        let png = try DecodedImage(
            decoding: ImageFixtures.encode(pixels, size: 12, channels: 3, jpeg: false), channels: 3)
        #expect(png.width == 12 && png.height == 12 && png.pixels == pixels)
        let jpeg = try DecodedImage(
            decoding: ImageFixtures.encode(pixels, size: 12, channels: 3, jpeg: true), channels: 3)
        let error = zip(jpeg.pixels, pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / pixels.count
        #expect(error < 12, "mean absolute JPEG error \(error)")
        let gray = try DecodedImage(
            decoding: ImageFixtures.encode(pixels, size: 12, channels: 3, jpeg: false), channels: 1)
        #expect(gray.channels == 1 && gray.pixels.count == 144)
        #expect(gray.pixels[0] > 200 && gray.pixels[11] < 80, "left bright, right dark")
    }

    @Test func brokenImagesAreErrorsNotCrashes() throws {
        let pixels = ImageFixtures.pixels(brightLeft: false, variant: 0, size: 16, channels: 1)
        for jpeg in [false, true] {
            let bytes = try ImageFixtures.encode(pixels, size: 16, channels: 1, jpeg: jpeg)
            #expect(throws: TrainerError.self) {
                try DecodedImage(decoding: Array(bytes.prefix(bytes.count / 2)), channels: 1)
            }
            var corrupt = bytes
            for index in stride(from: 40, to: corrupt.count - 4, by: 5) { corrupt[index] ^= 0xa5 }
            #expect(throws: TrainerError.self) { try DecodedImage(decoding: corrupt, channels: 1) }
        }
        #expect(throws: TrainerError.data("neither PNG nor JPEG data")) {
            try DecodedImage(decoding: Array("GIF89a".utf8), channels: 1)
        }
    }

    @Test func resizingIsBilinearWithHalfPixelCentres() throws {
        let image = try DecodedImage(
            decoding: ImageFixtures.encode([0, 100, 200, 40], size: 2, channels: 1, jpeg: false), channels: 1)
        #expect(image.resizedCHW(height: 2, width: 2) == [0, 100, 200, 40])
        let large = image.resizedCHW(height: 4, width: 4)
        #expect(large[0] == 0 && large[3] == 100 && large[12] == 200 && large[15] == 40)
        #expect(large[1] == 25 && large[2] == 75, "a quarter and three quarters of the way")
        let rgb = try DecodedImage(
            decoding: ImageFixtures.encode([10, 20, 30], size: 1, channels: 3, jpeg: false), channels: 3)
        #expect(rgb.resizedCHW(height: 2, width: 1) == [10, 10, 20, 20, 30, 30], "channels first")
    }

    @Test func zipArchivesReadStoredAndDeflatedEntries() throws {
        let files = [("a/one.txt", Array("stored".utf8)), ("a/two.txt", Array(repeating: UInt8(7), count: 5000))]
        let archive = try ZipArchive(ImageFixtures.zip(files), name: "t.zip")
        #expect(archive.entries.map(\.path) == ["a/one.txt", "a/two.txt"])
        #expect(try archive.contents(of: archive.entries[0]) == files[0].1)
        #expect(try archive.contents(of: archive.entries[1]) == files[1].1)
        var corrupt = try ImageFixtures.zip(files)
        corrupt[40] ^= 0xff  // inside the first (stored) entry's data
        let damaged = try ZipArchive(corrupt, name: "t.zip")
        #expect(throws: TrainerError.data("t.zip: a/one.txt is corrupt (size or CRC-32 mismatch)")) {
            try damaged.contents(of: damaged.entries[0])
        }
        #expect(throws: TrainerError.self) {
            try ZipArchive(Array("not a zip at all, no".utf8) + [UInt8](repeating: 0, count: 30), name: "x")
        }
    }

    @Test func foldersAreFoundUnderACommonTopLevelDirectory() throws {
        let directory = try TestSupport.temporaryDirectory("imagefolder")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ImageFixtures.write(ImageFixtures.twoClasses(perClass: 3, prefix: "data/shapes/"), under: directory)
        try TestSupport.write([1, 2, 3], to: directory + "/data/shapes/left/.hidden.png")
        try TestSupport.write([1, 2, 3], to: directory + "/data/shapes/left/notes.txt")
        let folder = try #require(try ImageFolder.find(in: directory))
        #expect(folder.classes.keys.sorted() == ["left", "right"])
        #expect(folder.classes["left"]?.count == 3)
        let set = try folder.load(classNames: ["left", "right"], channels: 1, height: 8, width: 10)
        #expect(set.count == 6 && set.labels == [0, 0, 0, 1, 1, 1] && set.pixels.count == 6 * 80)
        #expect(throws: TrainerError.self) { try folder.load(classNames: ["left"], channels: 1, height: 8, width: 8) }
        #expect(try ImageFolder.find(in: directory + "/nonexistent") == nil)
    }
}
