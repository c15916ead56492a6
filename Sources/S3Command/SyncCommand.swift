import ArgumentParser
import Foundation
import S3Client
import S3XML

/// `s3 sync`: makes a key prefix match a local directory, or the reverse.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy the files a destination lacks or has in another size or an older version.",
        discussion: """
            Between a local directory and a key prefix (taken as `prefix/`), either way. A file is copied when the \
            destination lacks it, has another size, or is older than the source (whole seconds). Downloads get the \
            object's time as their mtime. With --delete, what the source lacks is removed from the destination.
            """)

    @Argument(help: "A local directory or s3://bucket/prefix.")
    var source: Location

    @Argument(help: "A local directory or s3://bucket/prefix.")
    var destination: Location

    @Flag(help: "Remove files at the destination that the source lacks.")
    var delete = false

    @Option(name: .customLong("content-type"), help: "Content-Type of uploaded objects.")
    var contentType: String?

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (source, destination, delete, contentType) = (source, destination, delete, contentType)
        try await CommandSession.run(options, checking: { try Self.check(source, destination) }) { session in
            switch (source, destination) {
            case (.local(let directory), .s3(let prefix)):
                try await Self.upload(
                    directory, to: prefix.directoryPrefix, deleting: delete, contentType: contentType, in: session)
            case (.s3(let prefix), .local(let directory)):
                try await Self.download(prefix.directoryPrefix, to: directory, deleting: delete, in: session)
            case (.s3, .s3), (.local, .local):
                return
            }
        }
    }

    /// Refuses syncs that are not between a local directory and S3.
    static func check(_ source: Location, _ destination: Location) throws {
        switch (source, destination) {
        case (.s3, .s3): throw CommandError("syncing between two S3 locations is not supported")
        case (.local, .local):
            throw CommandError("neither path is an s3:// address: use rsync(1) for local directories")
        default: return
        }
    }

    private static func upload(
        _ directory: String, to prefix: S3URI, deleting: Bool, contentType: String?, in session: CommandSession
    ) async throws {
        guard LocalTree.isDirectory(directory) else { throw CommandError("\(directory) is not a directory") }
        let local = try LocalTree.files(under: directory)
        let remote = try await remoteFiles(under: prefix, session: session)
        let plan = SyncPlanner.planUpload(local: local, remote: remote, deleting: deleting)
        try await session.transfer(
            plan.uploads.map { .upload($0.path, to: prefix.appending($0.relativePath), size: $0.size) },
            contentType: contentType)
        try await RemoveCommand.delete(
            keys: plan.deletions.map(\.summary.key), bucket: prefix.bucket, session: session)
    }

    private static func download(
        _ prefix: S3URI, to directory: String, deleting: Bool, in session: CommandSession
    ) async throws {
        let remote = try await remoteFiles(under: prefix, session: session)
        let local = try LocalTree.files(under: directory)
        let plan = SyncPlanner.planDownload(remote: remote, local: local, deleting: deleting)
        try await session.transfer(
            plan.downloads.map {
                .download(
                    prefix.appending($0.relativePath), to: KeyMapping.join(directory, $0.relativePath),
                    size: $0.summary.size, lastModified: $0.summary.lastModified, eTag: $0.summary.eTag)
            })
        for file in plan.deletions {
            guard unlink(file.path) == 0 else {
                throw CommandError("cannot delete \(file.path): \(String(cString: strerror(errno)))")
            }
            session.console.report("delete: \(file.path)")
        }
    }

    private static func remoteFiles(
        under prefix: S3URI, session: CommandSession
    ) async throws -> [SyncPlanner.RemoteFile] {
        try await session.client.listAllObjects(under: prefix).compactMap { summary in
            KeyMapping.relativePath(ofKey: summary.key, under: prefix.key).map {
                SyncPlanner.RemoteFile(relativePath: $0, summary: summary)
            }
        }
    }
}
