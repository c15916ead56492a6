import Foundation
import Glibc
import Logging
import S3Client
import S3XML
import TrainingJobs

/// Downloads one channel's objects from S3: `S3Prefix` or `ManifestFile`, `FullyReplicated` or
/// `ShardedByS3Key`, `CompressionType` `Gzip` (each object decompressed, a `.gz` suffix dropped).
struct S3ChannelStager: Sendable {
    let client: S3Client
    let logger: Logger

    func stage(
        _ channel: InputChannel, from source: S3URI, into destination: String, rank: Int, hostCount: Int
    ) async throws(StagingError) {
        var selection: ChannelSelection
        if channel.s3DataType == "ManifestFile" {
            let manifest = NSTemporaryDirectory() + "manifest-" + UUID().uuidString
            defer { unlink(manifest) }
            do { try await client.download(source, to: manifest) } catch {
                throw .s3(operation: "GetObject", uri: source.description, error: error)
            }
            let bytes = FileManager.default.contents(atPath: manifest).map(Array.init) ?? []
            selection = try ChannelSelection.manifest(bytes, source: source)
        } else {
            let objects: [String]
            do { objects = try await client.listAllObjects(under: source).map(\.key) } catch {
                throw .s3(operation: "ListObjectsV2", uri: source.description, error: error)
            }
            selection = ChannelSelection.prefix(source, keys: objects)
            guard !selection.items.isEmpty else { throw .emptyPrefix(channel: channel.name, uri: source.description) }
        }
        if channel.distribution == "ShardedByS3Key" { selection = selection.sharded(rank: rank, hostCount: hostCount) }
        let gzip = channel.compression == "Gzip"
        logger.info(
            "downloading channel",
            metadata: ["channel": "\(channel.name)", "objects": "\(selection.items.count)", "source": "\(source)"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var pending = selection.items.makeIterator()
                func addNext() throws(StagingError) -> Bool {
                    guard let item = pending.next() else { return false }
                    guard ChannelSelection.isSafeRelativePath(item.relativePath) else {
                        throw .unsafeKey(item.source.key)
                    }
                    group.addTask { try await self.fetch(item, into: destination, gunzip: gzip) }
                    return true
                }
                for _ in 0..<max(1, client.configuration.concurrency) where try !addNext() { break }
                while try await group.next() != nil { _ = try addNext() }
            }
        } catch let error as StagingError {
            throw error
        } catch {
            throw .fileSystem(path: destination, message: "\(error)")
        }
    }

    private func fetch(_ item: ChannelSelection.Item, into destination: String, gunzip: Bool) async throws(StagingError)
    {
        let target = destination + "/" + item.relativePath
        guard gunzip else {
            do { try await client.download(item.source, to: target) } catch {
                throw .s3(operation: "GetObject", uri: item.source.description, error: error)
            }
            return
        }
        let compressed = target + ".download"
        defer { unlink(compressed) }
        do { try await client.download(item.source, to: compressed) } catch {
            throw .s3(operation: "GetObject", uri: item.source.description, error: error)
        }
        let output = target.hasSuffix(".gz") ? String(target.dropLast(3)) : target
        try GzipDecompressor.decompress(compressed, to: output)
    }
}
