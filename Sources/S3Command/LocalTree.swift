import Foundation
import Glibc

/// A regular file found under a local directory.
struct LocalFile: Sendable, Equatable {
    /// The path below the directory, `/`-separated.
    var relativePath: String
    /// The path to open: the directory as given, then `relativePath`.
    var path: String
    /// The size in bytes.
    var size: Int64
    /// The modification time.
    var modified: Date
}

/// Walking local directories: regular files only (symbolic links followed, other kinds skipped), sorted by path.
enum LocalTree {
    /// The regular files under `directory`; an empty list when it does not exist.
    static func files(under directory: String) throws -> [LocalFile] {
        guard isDirectory(directory) else {
            if FileManager.default.fileExists(atPath: directory) {
                throw CommandError("\(directory) is not a directory")
            }
            return []
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw CommandError("cannot read the directory \(directory)")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var files: [LocalFile] = []
        while let relative = walker.nextObject() as? String {
            let path = base + "/" + relative
            guard let info = status(of: path), info.st_mode & S_IFMT == S_IFREG else { continue }
            files.append(
                LocalFile(relativePath: relative, path: path, size: Int64(info.st_size), modified: modified(info)))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// Whether `path` is a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        guard let info = status(of: path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// `stat(2)` of `path`, nil when it does not exist or cannot be read.
    static func status(of path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// The modification time of a `stat`.
    static func modified(_ info: stat) -> Date {
        Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
