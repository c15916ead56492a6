import Foundation
import S3Client

/// Which objects one host downloads for a channel, and where each goes: SageMaker's S3Prefix, ManifestFile and
/// ShardedByS3Key semantics, computed without I/O.
public struct ChannelSelection: Sendable, Equatable {
    /// One object to download and its path relative to the channel directory.
    public struct Item: Sendable, Equatable {
        /// The object.
        public var source: S3URI
        /// The path under `input/data/<channel>/`.
        public var relativePath: String
    }

    /// The objects, in key order.
    public var items: [Item]

    /// The objects under an `S3Prefix` URI. As SageMaker does, every key that starts with the prefix is taken,
    /// and its local path is the key without the prefix's "directory" (everything up to the prefix's last `/`):
    /// `s3://b/data/train/` gives `a.csv` for `data/train/a.csv`; `s3://b/data/train` gives `train/a.csv` and
    /// `train-extra.csv`; an object's own URI gives its file name. Keys ending in `/` (folder markers) are skipped.
    public static func prefix(_ uri: S3URI, keys: [String]) -> ChannelSelection {
        let directory = uri.key.lastIndex(of: "/").map { String(uri.key[...$0]) } ?? ""
        let items = keys.sorted().filter { $0.hasPrefix(uri.key) && !$0.hasSuffix("/") }.map { key in
            Item(source: S3URI(bucket: uri.bucket, key: key), relativePath: String(key.dropFirst(directory.count)))
        }
        return ChannelSelection(items: items)
    }

    /// The objects a manifest lists: a JSON array whose first element is `{"prefix": "s3://bucket/prefix/"}` and
    /// whose other elements are keys relative to it.
    public static func manifest(_ document: [UInt8], source: S3URI) throws(StagingError) -> ChannelSelection {
        let invalid = StagingError.invalidManifest(source)
        guard let array = try? JSONSerialization.jsonObject(with: Data(document)) as? [Any],
            let head = array.first as? [String: Any], let prefixText = head["prefix"] as? String,
            let prefix = S3URI(prefixText)
        else { throw invalid }
        var items: [Item] = []
        for entry in array.dropFirst() {
            guard let relative = entry as? String, !relative.isEmpty, isSafeRelativePath(relative) else {
                throw invalid
            }
            items.append(Item(source: S3URI(bucket: prefix.bucket, key: prefix.key + relative), relativePath: relative))
        }
        return ChannelSelection(items: items)
    }

    /// `ShardedByS3Key`: host `rank` of `hostCount` keeps every `hostCount`-th object, starting at `rank`.
    public func sharded(rank: Int, hostCount: Int) -> ChannelSelection {
        guard hostCount > 1 else { return self }
        return ChannelSelection(items: items.enumerated().filter { $0.offset % hostCount == rank }.map(\.element))
    }

    /// Whether a relative path stays inside its directory: no absolute paths, no `..` segments.
    public static func isSafeRelativePath(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
