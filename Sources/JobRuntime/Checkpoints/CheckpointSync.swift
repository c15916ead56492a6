import Foundation
import Glibc
import Logging
import S3Client
import S3XML
import Synchronization
import TrainingJobs

/// Keeps a host's checkpoint directory and `CheckpointConfig.S3Uri` in step, as SageMaker does: restored before
/// the algorithm starts (so a retried or restarted job resumes), pushed while it trains and once more at the end.
/// Files whose names start with `.` or end in `.tmp` / `.partial` are being written and are skipped.
public final class CheckpointSync: Sendable {
    let job: RuntimeJob
    let client: S3Client?
    private let pushed = Mutex<[String: FileStamp]>([:])

    struct FileStamp: Equatable {
        var size: Int64
        var modified: Int
    }

    /// A synchroniser; `client` is needed for an `s3://` location.
    init(job: RuntimeJob, client: S3Client?) {
        self.job = job
        self.client = client
    }

    /// A synchroniser that makes its own S3 client when the location needs one.
    public convenience init(job: RuntimeJob) throws(StagingError) {
        let needsS3 = job.specification.checkpoint.map { S3URI($0.s3URI) != nil } ?? false
        self.init(job: job, client: needsS3 ? try job.makeS3Client() : nil)
    }

    private var localDirectory: String { job.contract.checkpointDirectory }

    /// Downloads the stored checkpoints into the local directory.
    public func restore() async throws(StagingError) {
        guard let location = job.specification.checkpoint?.s3URI else { return }
        try LocalTree.createDirectory(localDirectory)
        if let prefix = S3URI(location), let client {
            let directory = prefix.key.isEmpty || prefix.key.hasSuffix("/") ? prefix.key : prefix.key + "/"
            let objects: [String]
            do {
                objects = try await client.listAllObjects(under: S3URI(bucket: prefix.bucket, key: directory)).map(
                    \.key)
            } catch { throw .s3(operation: "ListObjectsV2", uri: location, error: error) }
            for key in objects where !key.hasSuffix("/") {
                let relative = String(key.dropFirst(directory.count))
                guard ChannelSelection.isSafeRelativePath(relative) else { throw .unsafeKey(key) }
                do {
                    try await client.download(
                        S3URI(bucket: prefix.bucket, key: key), to: localDirectory + "/" + relative)
                } catch { throw .s3(operation: "GetObject", uri: "s3://\(prefix.bucket)/\(key)", error: error) }
            }
            if !objects.isEmpty {
                job.logger.info(
                    "restored checkpoints", metadata: ["objects": "\(objects.count)", "from": "\(location)"])
            }
        } else if location.hasPrefix("file://") {
            let source = String(location.dropFirst("file://".count))
            if FileManager.default.fileExists(atPath: source) {
                try LocalTree.linkOrCopyTree(from: source, to: localDirectory)
            }
        } else {
            throw .unsupportedURI(channel: "checkpoints", uri: location)
        }
    }

    /// Uploads the local files that changed since the last push.
    public func push() async throws(StagingError) {
        guard let location = job.specification.checkpoint?.s3URI else { return }
        for (relative, stamp) in changedFiles() {
            let path = localDirectory + "/" + relative
            if let prefix = S3URI(location), let client {
                do { try await client.upload(file: path, to: prefix.appending(relative)) } catch {
                    throw .s3(operation: "PutObject", uri: prefix.appending(relative).description, error: error)
                }
            } else if location.hasPrefix("file://") {
                let target = String(location.dropFirst("file://".count)) + "/" + relative
                try LocalTree.createDirectory((target as NSString).deletingLastPathComponent)
                unlink(target)
                do { try FileManager.default.copyItem(atPath: path, toPath: target) } catch {
                    throw .fileSystem(path: target, message: "\(error)")
                }
            } else {
                throw .unsupportedURI(channel: "checkpoints", uri: location)
            }
            pushed.withLock { $0[relative] = stamp }
        }
    }

    /// Pushes every `interval` until `stop` is set, then once more.
    public func follow(every interval: Duration, until stop: @Sendable () -> Bool) async throws(StagingError) {
        var next = ContinuousClock.now + interval
        while !stop() {
            try? await Task.sleep(for: .milliseconds(200))
            if ContinuousClock.now >= next {
                try await push()
                next = ContinuousClock.now + interval
            }
        }
        try await push()
    }

    private func changedFiles() -> [(String, FileStamp)] {
        guard let walker = FileManager.default.enumerator(atPath: localDirectory) else { return [] }
        let known = pushed.withLock { $0 }
        var changed: [(String, FileStamp)] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".partial") { continue }
            var info = stat()
            guard stat(localDirectory + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                continue
            }
            let stamp = FileStamp(
                size: Int64(info.st_size), modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)
            if known[relative] != stamp { changed.append((relative, stamp)) }
        }
        return changed.sorted { $0.0 < $1.0 }
    }
}
