import Foundation
import Glibc
import S3Client

/// Runs file transfers with at most `concurrency` files in flight, reporting each as it ends; a failed file is
/// reported and the others go on. Large files also split into parts, which share the client's connections.
struct TransferBatch: Sendable {
    let clients: ClientPool
    let console: Console
    let concurrency: Int
    let showsProgress: Bool
    let contentType: String?

    /// Runs `transfers`; returns how many failed. Stops starting new ones once the task is cancelled.
    func run(_ transfers: [FileTransfer]) async -> Int {
        let knownSizes = transfers.compactMap(\.size)
        let progress =
            showsProgress
            ? TransferProgress(
                fileCount: transfers.count,
                totalBytes: knownSizes.count == transfers.count ? knownSizes.reduce(0, +) : nil) : nil
        let display = progress.map { ProgressDisplay(progress: $0, console: console) }
        let failures = await withTaskGroup(of: Bool.self) { group in
            var pending = transfers.enumerated().makeIterator()
            var failures = 0
            var running = 0
            while true {
                while running < max(1, concurrency), !Task.isCancelled, let (index, transfer) = pending.next() {
                    group.addTask { await perform(transfer, id: index, progress: progress) }
                    running += 1
                }
                guard let succeeded = await group.next() else { break }
                running -= 1
                if !succeeded { failures += 1 }
            }
            return failures
        }
        await display?.stop()
        return failures
    }

    /// One transfer; true on success. Errors are reported here, with the file they concern.
    private func perform(_ transfer: FileTransfer, id: Int, progress: TransferProgress?) async -> Bool {
        var report: (@Sendable (Int64) -> Void)?
        if let progress { report = { bytes in progress.update(id, bytes: bytes) } }
        do throws(S3Error) {
            let client = try clients.client(forSize: transfer.size)
            let size: Int64
            switch transfer.direction {
            case .upload:
                try await client.upload(
                    file: transfer.localPath, to: transfer.object, contentType: contentType, progress: report)
                size = transfer.size ?? 0
            case .download:
                let metadata = try await client.download(
                    transfer.object, to: transfer.localPath, knownMetadata: transfer.knownMetadata, progress: report)
                size = metadata.size
                if let modified = transfer.lastModified ?? metadata.lastModified {
                    Self.setModificationTime(of: transfer.localPath, to: modified)
                }
            }
            progress?.finish(id, bytes: size)
            console.report(transfer.summary)
            return true
        } catch {
            progress?.finish(id, bytes: 0)
            if error != .cancelled {
                let verb = transfer.direction == .upload ? "upload" : "download"
                let target = String(transfer.summary.dropFirst(verb.count + 2))
                console.error("s3: error: \(verb) failed: \(target): \(Self.explain(error))")
            }
            return false
        }
    }

    /// The error as the user needs it; a HEAD's bare 404 says which object is missing.
    static func explain(_ error: S3Error) -> String {
        if case .service(let failure) = error, failure.status == 404, failure.code == "NotFound" {
            return "NoSuchKey: the object does not exist (HTTP 404)"
        }
        return error.description
    }

    /// Sets a downloaded file's mtime to the object's, as the AWS CLI does, so that `sync` finds it current.
    private static func setModificationTime(of path: String, to date: Date) {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let time = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
        let times = [time, time]
        _ = utimensat(AT_FDCWD, path, times, 0)
    }
}
