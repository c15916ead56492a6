import S3Client
import Testing

@testable import JobRuntime

@Suite struct ChannelSelectionTests {
    private let keys = ["data/train/a.csv", "data/train/sub/b.csv", "data/train-extra.csv", "data/train/", "other/x"]

    @Test func aPrefixEndingInSlashKeepsPathsBelowIt() {
        let selection = ChannelSelection.prefix(S3URI("s3://bucket/data/train/")!, keys: keys)
        #expect(selection.items.map(\.relativePath) == ["a.csv", "sub/b.csv"])
        #expect(selection.items.first?.source == S3URI("s3://bucket/data/train/a.csv"))
    }

    @Test func aPrefixWithoutSlashMatchesLikeSageMaker() {
        let selection = ChannelSelection.prefix(S3URI("s3://bucket/data/train")!, keys: keys)
        #expect(selection.items.map(\.relativePath) == ["train-extra.csv", "train/a.csv", "train/sub/b.csv"])
        let single = ChannelSelection.prefix(S3URI("s3://bucket/data/train/a.csv")!, keys: keys)
        #expect(single.items.map(\.relativePath) == ["a.csv"])
        let bucket = ChannelSelection.prefix(S3URI("s3://bucket")!, keys: ["k1", "d/k2"])
        #expect(bucket.items.map(\.relativePath) == ["d/k2", "k1"])
    }

    @Test func shardingByKeyGivesEachHostADisjointShare() {
        let selection = ChannelSelection.prefix(
            S3URI("s3://bucket/p/")!, keys: (0..<7).map { "p/part-\($0)" })
        let shards = (0..<3).map { selection.sharded(rank: $0, hostCount: 3).items.map(\.relativePath) }
        #expect(shards[0] == ["part-0", "part-3", "part-6"])
        #expect(shards[1] == ["part-1", "part-4"])
        #expect(Set(shards.flatMap { $0 }).count == 7)
        #expect(selection.sharded(rank: 0, hostCount: 1) == selection)
    }

    @Test func manifestsListKeysUnderTheirPrefix() throws {
        let document = Array(#"[{"prefix": "s3://bucket/images/"}, "cat/1.png", "dog/2.png"]"#.utf8)
        let selection = try ChannelSelection.manifest(document, source: S3URI("s3://bucket/manifest")!)
        #expect(
            selection.items.map(\.source.description) == [
                "s3://bucket/images/cat/1.png", "s3://bucket/images/dog/2.png",
            ])
        #expect(selection.items.map(\.relativePath) == ["cat/1.png", "dog/2.png"])
        for bad in [
            #"{"prefix": "s3://b/"}"#, #"[{"prefix": "nope"}, "a"]"#, #"[{"prefix": "s3://bucket/"}, "../x"]"#,
            "not json",
        ] {
            #expect(throws: StagingError.self) {
                try ChannelSelection.manifest(Array(bad.utf8), source: S3URI("s3://bucket/m")!)
            }
        }
    }
}
