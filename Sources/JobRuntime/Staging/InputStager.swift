import Foundation
import Logging
import S3Client
import ServiceModel
import TrainingJobs

/// Prepares one host's ML root before the algorithm starts: the directory tree, the `input/config` files, every
/// channel's data (`s3://` or `file://`) and the checkpoints of an earlier attempt.
public struct InputStager: Sendable {
    let job: RuntimeJob

    /// A stager for the job's host.
    public init(job: RuntimeJob) { self.job = job }

    /// Stages everything; `writingConfiguration` is false where the files are mounted (a Kubernetes ConfigMap).
    public func stage(writingConfiguration: Bool = true) async throws(StagingError) {
        let contract = job.contract
        for directory in ["input/config", "input/data", "model", "output/data", "output/intermediate"] {
            try LocalTree.createDirectory(contract.path(directory))
        }
        try LocalTree.createDirectory(contract.checkpointDirectory)
        if writingConfiguration {
            for (path, document) in contract.configurationFiles {
                do {
                    try Data(document.serialized()).write(
                        to: URL(fileURLWithPath: contract.path(path)), options: .atomic)
                } catch {
                    throw .fileSystem(path: contract.path(path), message: "\(error)")
                }
            }
        }
        var client: S3Client?
        func s3() throws(StagingError) -> S3Client {
            if let client { return client }
            let made = try job.makeS3Client()
            client = made
            return made
        }
        defer { client?.shutdown() }
        for channel in job.specification.channels {
            let destination = contract.channelDirectory(channel.name)
            try LocalTree.createDirectory(destination)
            guard let uri = channel.uri else { continue }
            if let source = S3URI(uri) {
                let stager = S3ChannelStager(client: try s3(), logger: job.logger)
                try await stager.stage(
                    channel, from: source, into: destination, rank: contract.rank,
                    hostCount: job.specification.hostNames.count)
            } else if uri.hasPrefix("file://") {
                try stageLocal(channel: channel.name, path: String(uri.dropFirst("file://".count)), into: destination)
            } else {
                throw .unsupportedURI(channel: channel.name, uri: uri)
            }
        }
        if let checkpoint = job.specification.checkpoint {
            try await CheckpointSync(job: job, client: S3URI(checkpoint.s3URI) == nil ? nil : try s3()).restore()
        }
    }

    private func stageLocal(channel: String, path source: String, into destination: String) throws(StagingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw .missingLocalSource(channel: channel, path: source)
        }
        if isDirectory.boolValue {
            try LocalTree.linkOrCopyTree(from: source, to: destination)
        } else {
            try LocalTree.linkOrCopy(source, to: destination + "/" + (source as NSString).lastPathComponent)
        }
    }
}
