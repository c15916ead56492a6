import ArgumentParser
import S3Client

/// A command-line path: a local file or directory, or an `s3://bucket/key` address.
enum Location: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// A local path, as given.
    case local(String)
    /// An S3 bucket, prefix or object.
    case s3(S3URI)

    /// `s3://…` is S3 (and must name a valid bucket); anything else is a local path.
    init?(argument: String) {
        if argument.hasPrefix("s3://") {
            guard let uri = S3URI(argument) else { return nil }
            self = .s3(uri)
        } else {
            guard !argument.isEmpty else { return nil }
            self = .local(argument)
        }
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    var description: String {
        switch self {
        case .local(let path): path
        case .s3(let uri): uri.description
        }
    }
}

extension S3URI {
    /// The key as a directory prefix: empty, or ending in `/`.
    var directoryPrefix: S3URI {
        key.isEmpty || key.hasSuffix("/") ? self : S3URI(bucket: bucket, key: key + "/")
    }

    /// The last path component of the key (after its last `/`).
    var lastComponent: String {
        String(key.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }
}
