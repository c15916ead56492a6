import Foundation
import Testing

@testable import LocalBackend

@Suite("Image map")
struct ImageMapTests {
    @Test func exactNamesWinOverPatternsAndLongerPatternsWin() {
        let map = ImageMap(entries: [
            "trainer:latest": .init(entrypoint: ["exact"]),
            "*": .init(entrypoint: ["anything"]),
            "*.dkr.ecr.*.amazonaws.com/trainer:*": .init(entrypoint: ["ecr"]),
        ])
        #expect(map.entry(for: "trainer:latest")?.entrypoint == ["exact"])
        #expect(map.entry(for: "123.dkr.ecr.us-east-1.amazonaws.com/trainer:v2")?.entrypoint == ["ecr"])
        #expect(map.entry(for: "other")?.entrypoint == ["anything"])
        #expect(ImageMap(entries: ["a:*": .init(entrypoint: ["x"])]).entry(for: "b:1") == nil)
        #expect(ImageMap.matches("abc", pattern: "a*c"))
        #expect(!ImageMap.matches("ab", pattern: "a*b*b"))
    }

    @Test func theTrainerFillsOnlyTheNamesTheMapLeavesOpen() {
        let map = ImageMap(entries: ["trainer:latest": .init(entrypoint: ["custom"])]).addingTrainer(at: "/bin/trainer")
        #expect(map.entry(for: "trainer:latest")?.entrypoint == ["custom"])
        #expect(map.entry(for: "sagetrain-trainer:latest")?.entrypoint == ["/bin/trainer"])
        #expect(
            map.entry(for: "123.dkr.ecr.eu-west-1.amazonaws.com/sagetrain-trainer:2")?.entrypoint == ["/bin/trainer"])
    }

    @Test func loadsAFileAndExpandsItsDirectory() throws {
        let directory = NSTemporaryDirectory() + "imagemap-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/map.json"
        try
            #"{"images": {"algo:1": {"entrypoint": ["python3", "${IMAGE_MAP_DIR}/train.py"], "environment": {"A": "${IMAGE_MAP_DIR}"}}}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let map = try ImageMap(contentsOf: path)
        #expect(
            map.entry(for: "algo:1")
                == .init(entrypoint: ["python3", directory + "/train.py"], environment: ["A": directory]))
    }

    @Test(arguments: [
        #"not json"#, #"{"images": []}"#, #"{"images": {"x": {"entrypoint": []}}}"#,
        #"{"images": {"x": {"entrypoint": ["a", 1]}}}"#,
        #"{"images": {"x": {"entrypoint": ["a"], "environment": {"A": 1}}}}"#,
    ])
    func malformedFilesNameTheProblem(contents: String) throws {
        let path = NSTemporaryDirectory() + "imagemap-" + UUID().uuidString + ".json"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ImageMap.LoadError.self) { try ImageMap(contentsOf: path) }
    }
}
