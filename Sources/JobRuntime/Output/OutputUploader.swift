import Foundation
import Glibc
import S3Client
import TrainingJobs

/// Packages what the algorithm left and stores it where SageMaker does: `model/` as
/// `{S3OutputPath}/{job}/output/model.tar.gz` and `output/data/` (when not empty) as `output.tar.gz` beside it, in
/// S3 or under a `file://` path.
public struct OutputUploader: Sendable {
    let job: RuntimeJob

    /// An uploader for the job's host (algo-1's outputs are the job's).
    public init(job: RuntimeJob) { self.job = job }

    /// The location of `model.tar.gz` for the job.
    public var modelArtifactsURI: String {
        var base = job.specification.outputPath
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(job.specification.name)/output/model.tar.gz"
    }

    /// Packages and stores the outputs; returns the model artifact's URI.
    @discardableResult
    public func upload() async throws(StagingError) -> String {
        let contract = job.contract
        let staging = contract.path(".sagetrain-output")
        try LocalTree.createDirectory(staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let modelURI = modelArtifactsURI
        let outputURI = String(modelURI.dropLast("model.tar.gz".count)) + "output.tar.gz"
        try LocalTree.createDirectory(contract.path("model"))
        try await TarArchiver.archive(contract.path("model"), to: staging + "/model.tar.gz")
        try await store(staging + "/model.tar.gz", at: modelURI)
        let outputData = contract.path("output/data")
        if !((try? FileManager.default.contentsOfDirectory(atPath: outputData)) ?? []).isEmpty {
            try await TarArchiver.archive(outputData, to: staging + "/output.tar.gz")
            try await store(staging + "/output.tar.gz", at: outputURI)
        }
        return modelURI
    }

    private func store(_ file: String, at uri: String) async throws(StagingError) {
        if let object = S3URI(uri) {
            let client = try job.makeS3Client()
            defer { client.shutdown() }
            do { try await client.upload(file: file, to: object, contentType: "application/x-gzip") } catch {
                throw .s3(operation: "PutObject", uri: uri, error: error)
            }
        } else if uri.hasPrefix("file://") {
            let path = String(uri.dropFirst("file://".count))
            try LocalTree.createDirectory((path as NSString).deletingLastPathComponent)
            // Copy beside the destination, then rename: the archive appears complete or not at all.
            let partial = path + ".partial"
            unlink(partial)
            do { try FileManager.default.copyItem(atPath: file, toPath: partial) } catch {
                throw .fileSystem(path: partial, message: "\(error)")
            }
            guard rename(partial, path) == 0 else {
                throw .fileSystem(path: path, message: String(cString: strerror(errno)))
            }
        } else {
            throw .unsupportedOutputPath(job.specification.outputPath)
        }
    }
}
