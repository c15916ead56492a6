import Foundation
import S3Client

/// One file to move between a local path and an S3 object.
struct FileTransfer: Sendable {
    /// Which way the bytes go.
    enum Direction: Sendable {
        /// Local file to S3.
        case upload
        /// S3 object to a local file.
        case download
    }

    /// Which way the bytes go.
    var direction: Direction
    /// The local file read or written.
    var localPath: String
    /// The object written or read.
    var object: S3URI
    /// The size, when known beforehand (for the progress total).
    var size: Int64?
    /// The object's modification time, when known from a listing; a download gets it as its mtime.
    var lastModified: Date?
    /// The object's ETag, when known from a listing or a HeadObject: with the size, it saves the download its
    /// own HeadObject (and pins the version it reads).
    var eTag: String?

    /// An upload of `localPath` to `object`.
    static func upload(_ localPath: String, to object: S3URI, size: Int64?) -> FileTransfer {
        FileTransfer(direction: .upload, localPath: localPath, object: object, size: size)
    }

    /// A download of `object` to `localPath`.
    static func download(
        _ object: S3URI, to localPath: String, size: Int64?, lastModified: Date? = nil, eTag: String? = nil
    ) -> FileTransfer {
        FileTransfer(
            direction: .download, localPath: localPath, object: object, size: size, lastModified: lastModified,
            eTag: eTag)
    }

    /// What is known of the object to download, when enough to skip a HeadObject.
    var knownMetadata: ObjectMetadata? {
        guard direction == .download, let size, let eTag else { return nil }
        return ObjectMetadata(size: size, eTag: eTag, lastModified: lastModified)
    }

    /// The AWS CLI's line for it: `upload: ./a to s3://b/a`, `download: s3://b/a to ./a`.
    var summary: String {
        switch direction {
        case .upload: "upload: \(localPath) to \(object)"
        case .download: "download: \(object) to \(localPath)"
        }
    }
}
