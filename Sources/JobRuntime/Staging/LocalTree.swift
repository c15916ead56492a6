import Foundation
import Glibc

/// Mirrors local files and trees into a channel directory, hard-linking where the file system allows.
enum LocalTree {
    /// Mirrors the tree under `source` into `destination`.
    static func linkOrCopyTree(from source: String, to destination: String) throws(StagingError) {
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(atPath: source) else {
            throw .fileSystem(path: source, message: "cannot be read")
        }
        while let relative = walker.nextObject() as? String {
            let from = source + "/" + relative
            let to = destination + "/" + relative
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: from, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try createDirectory(to)
            } else {
                try linkOrCopy(from, to: to)
            }
        }
    }

    /// Hard-links `source` at `destination` (same file system), or copies it.
    static func linkOrCopy(_ source: String, to destination: String) throws(StagingError) {
        if link(source, destination) == 0 { return }
        do { try FileManager.default.copyItem(atPath: source, toPath: destination) } catch {
            throw .fileSystem(path: destination, message: "\(error)")
        }
    }

    /// Creates a directory and its parents.
    static func createDirectory(_ path: String) throws(StagingError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .fileSystem(path: path, message: "\(error)")
        }
    }
}
