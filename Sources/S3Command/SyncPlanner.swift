import Foundation
import S3XML

/// What `sync` must do, decided from the two listings alone (no I/O): copy what is missing, of another size or
/// older at the destination; with `--delete`, remove what the source lacks.
struct SyncPlanner {
    /// An object under the synced prefix, by its path below it.
    struct RemoteFile: Sendable, Equatable {
        /// The path below the prefix.
        var relativePath: String
        /// The listing's entry.
        var summary: ObjectSummary
    }

    /// The local files to upload and the remote files to delete.
    static func planUpload(
        local: [LocalFile], remote: [RemoteFile], deleting: Bool
    ) -> (uploads: [LocalFile], deletions: [RemoteFile]) {
        let remoteByPath = Dictionary(remote.map { ($0.relativePath, $0.summary) }, uniquingKeysWith: { $1 })
        let uploads = local.filter { file in
            guard let object = remoteByPath[file.relativePath] else { return true }
            return object.size != file.size || isNewer(file.modified, than: object.lastModified)
        }
        let localPaths = Set(local.map(\.relativePath))
        let deletions = deleting ? remote.filter { !localPaths.contains($0.relativePath) } : []
        return (uploads, deletions)
    }

    /// The remote files to download and the local files to delete.
    static func planDownload(
        remote: [RemoteFile], local: [LocalFile], deleting: Bool
    ) -> (downloads: [RemoteFile], deletions: [LocalFile]) {
        let localByPath = Dictionary(local.map { ($0.relativePath, $0) }, uniquingKeysWith: { $1 })
        let downloads = remote.filter { object in
            guard let file = localByPath[object.relativePath] else { return true }
            return object.summary.size != file.size || isNewer(object.summary.lastModified, than: file.modified)
        }
        let remotePaths = Set(remote.map(\.relativePath))
        let deletions = deleting ? local.filter { !remotePaths.contains($0.relativePath) } : []
        return (downloads, deletions)
    }

    /// Whether `date` is later than `other` by a whole second or more (S3 keeps seconds); an unknown date is
    /// never newer, and anything is newer than an unknown date.
    static func isNewer(_ date: Date?, than other: Date?) -> Bool {
        guard let date else { return false }
        guard let other else { return true }
        return date.timeIntervalSince1970.rounded(.down) > other.timeIntervalSince1970.rounded(.down)
    }
}
