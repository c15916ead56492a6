import Foundation
import S3Client
import S3XML

/// Turns `cp`'s source and destination into file transfers, with the AWS CLI's naming rules.
struct CopyPlanner: Sendable {
    let client: S3Client

    /// The uploads of a file, or of the tree under a directory (`recursive`), to `object`.
    func uploads(from path: String, to object: S3URI, recursive: Bool) throws -> [FileTransfer] {
        if recursive {
            guard LocalTree.isDirectory(path) else { throw CommandError("\(path) is not a directory") }
            let prefix = object.directoryPrefix
            return try LocalTree.files(under: path).map { file in
                .upload(
                    file.path, to: S3URI(bucket: prefix.bucket, key: prefix.key + file.relativePath), size: file.size)
            }
        }
        guard let info = LocalTree.status(of: path) else { throw CommandError("\(path): no such file") }
        if info.st_mode & S_IFMT == S_IFDIR { throw CommandError("\(path) is a directory: use --recursive") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CommandError("\(path) is not a regular file") }
        let target = object.key.isEmpty || object.key.hasSuffix("/") ? object.appending(Self.fileName(path)) : object
        return [.upload(path, to: target, size: Int64(info.st_size))]
    }

    /// The download of an object, or of every object under a key prefix (`recursive`), to `path`.
    func downloads(from object: S3URI, to path: String, recursive: Bool) async throws -> [FileTransfer] {
        if recursive {
            if LocalTree.status(of: path) != nil && !LocalTree.isDirectory(path) {
                throw CommandError("\(path) exists and is not a directory")
            }
            let prefix = object.directoryPrefix
            return try await client.listAllObjects(under: prefix).compactMap { summary in
                guard let relative = KeyMapping.relativePath(ofKey: summary.key, under: prefix.key) else {
                    return nil
                }
                return .download(
                    S3URI(bucket: object.bucket, key: summary.key), to: KeyMapping.join(path, relative),
                    size: summary.size, lastModified: summary.lastModified, eTag: summary.eTag)
            }
        }
        guard !object.key.isEmpty, !object.key.hasSuffix("/") else {
            throw CommandError("\(object) names no object: give a key, or use --recursive")
        }
        let isDirectory = path.hasSuffix("/") || LocalTree.isDirectory(path)
        let target = isDirectory ? KeyMapping.join(path, object.lastComponent) : path
        let metadata: ObjectMetadata
        do {
            metadata = try await client.headObject(object)
        } catch {
            throw CommandError("download failed: \(object) to \(target): \(TransferBatch.explain(error))")
        }
        return [
            .download(
                object, to: target, size: metadata.size, lastModified: metadata.lastModified, eTag: metadata.eTag)
        ]
    }

    /// The last component of a local path.
    static func fileName(_ path: String) -> String {
        (path as NSString).lastPathComponent
    }
}
