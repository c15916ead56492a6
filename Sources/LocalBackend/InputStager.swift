import Foundation
import ServiceModel
import TrainingJobs

/// Stages `file://` channels into a host's `input/data/<channel>` and writes its `input/config` files.
struct InputStager: Sendable {
    /// A channel that cannot be staged.
    struct StagingError: Error, CustomStringConvertible {
        var description: String
    }

    let contract: ContainerContract

    /// Creates the host's directory tree, writes the configuration files and stages every channel.
    func stage() throws {
        let fileManager = FileManager.default
        for directory in ["input/config", "input/data", "model", "output/data", "output/intermediate"] {
            try fileManager.createDirectory(atPath: contract.path(directory), withIntermediateDirectories: true)
        }
        try fileManager.createDirectory(atPath: contract.checkpointDirectory, withIntermediateDirectories: true)
        for (path, document) in contract.configurationFiles {
            try Data(document.serialized()).write(to: URL(fileURLWithPath: contract.path(path)), options: .atomic)
        }
        for channel in contract.job.channels {
            let destination = contract.channelDirectory(channel.name)
            try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            guard let uri = channel.uri else { continue }
            guard uri.hasPrefix("file://") else {
                throw StagingError(description: "channel '\(channel.name)': \(uri) is not a file:// URI")
            }
            let source = String(uri.dropFirst("file://".count))
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw StagingError(description: "channel '\(channel.name)': \(uri) does not exist")
            }
            if isDirectory.boolValue {
                try Self.linkOrCopyTree(from: source, to: destination)
            } else {
                try Self.linkOrCopy(source, to: destination + "/" + (source as NSString).lastPathComponent)
            }
        }
    }

    /// Mirrors the tree under `source` into `destination`, hard-linking files where possible.
    static func linkOrCopyTree(from source: String, to destination: String) throws {
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(atPath: source) else {
            throw StagingError(description: "\(source) cannot be read")
        }
        while let relative = walker.nextObject() as? String {
            let from = source + "/" + relative
            let to = destination + "/" + relative
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: from, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try fileManager.createDirectory(atPath: to, withIntermediateDirectories: true)
            } else {
                try linkOrCopy(from, to: to)
            }
        }
    }

    /// Hard-links `source` at `destination` (same file system), or copies it.
    static func linkOrCopy(_ source: String, to destination: String) throws {
        if link(source, destination) == 0 { return }
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }
}
