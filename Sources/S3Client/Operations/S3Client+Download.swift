import Foundation
import Glibc
import HTTPTransport
import Logging

extension S3Client {
    /// Downloads `object` to the file at `path`, streaming: one GET for small objects, parallel ranged GETs of
    /// `partSize` for large ones, each pinned to the object's ETag (`If-Match`) so a concurrent overwrite fails the
    /// download instead of mixing versions (their disk blocks reserved first: no room fails the download at once). Data
    /// lands in a temporary file beside `path` and is renamed into place only once complete and checked (length; MD5
    /// for single-part ETags), so a failed or truncated download never leaves a partial file under the final name.
    /// `progress` gets the total bytes received so far. `knownMetadata` (from a listing or an earlier HeadObject: size
    /// and ETag) saves the HeadObject.
    @discardableResult
    public func download(
        _ object: S3URI, to path: String, knownMetadata: ObjectMetadata? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws(S3Error) -> ObjectMetadata {
        let metadata: ObjectMetadata
        if let knownMetadata { metadata = knownMetadata } else { metadata = try await headObject(object) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .fileSystem(path: directory, message: "\(error)")
            }
        }
        let temporary =
            "\(directory.isEmpty ? "." : directory)/.\((path as NSString).lastPathComponent).s3tmp-\(UInt32.random(in: 0...UInt32.max))"
        do throws(S3Error) {
            try await fetchAndVerify(object, metadata: metadata, into: temporary, progress: progress)
            guard rename(temporary, path) == 0 else {
                throw .fileSystem(path: path, message: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary)
            throw error
        }
        return metadata
    }

    /// Fetches and checks the object, from the start again (within the retry policy) when the data arrived damaged:
    /// a length or MD5 mismatch fails the transfer, not one request, so `send` cannot retry it.
    private func fetchAndVerify(
        _ object: S3URI, metadata: ObjectMetadata, into temporary: String, progress: (@Sendable (Int64) -> Void)?
    ) async throws(S3Error) {
        var attempt = 0
        while true {
            attempt += 1
            let failure: S3Error
            do throws(S3Error) {
                try await fetch(object, metadata: metadata, into: temporary, progress: progress)
                try await verify(temporary, metadata: metadata, object: object)
                return
            } catch {
                failure = error
            }
            guard case .integrity = failure,
                case .retry(let delay) = configuration.retry.decision(
                    afterAttempt: attempt, retryable: true, random: Double.random(in: 0..<1)),
                !Task.isCancelled
            else { throw failure }
            logger.debug(
                "downloading again", metadata: ["object": "\(object)", "attempt": "\(attempt)", "error": "\(failure)"])
            unlink(temporary)
            do { try await Task.sleep(for: delay) } catch { throw .cancelled }
        }
    }

    private func fetch(
        _ object: S3URI, metadata: ObjectMetadata, into temporary: String, progress: (@Sendable (Int64) -> Void)?
    ) async throws(S3Error) {
        let pinned = metadata.eTag.map { [("If-Match", $0)] } ?? []
        if metadata.size < configuration.multipartThreshold || metadata.size == 0 {
            let response = try await send(
                S3Request(
                    method: "GET", bucket: object.bucket, key: object.key, headers: pinned,
                    destination: .file(path: temporary, offset: 0), progress: progress))
            guard response.bodyBytes == metadata.size else {
                throw .integrity("\(object): received \(response.bodyBytes) of \(metadata.size) bytes")
            }
            return
        }
        let plan = PartPlan(size: metadata.size, preferredPartSize: configuration.partSize)
        try await BlockingWork.run { () throws(S3Error) in
            try FilePreallocation.reserve(metadata.size, for: temporary)
        }
        let counter = progress.map { ProgressCounter(report: $0, parts: plan.count) }
        try await forEachConcurrently(plan.parts, limit: configuration.concurrency) { part throws(S3Error) in
            let response = try await self.send(
                S3Request(
                    method: "GET", bucket: object.bucket, key: object.key,
                    headers: pinned + [("Range", part.rangeHeader)],
                    destination: .file(path: temporary, offset: part.offset),
                    progress: counter?.reporter(forPart: part.number)))
            guard response.status == 206, response.bodyBytes == part.length else {
                throw .integrity(
                    "\(object): range \(part.rangeHeader) returned \(response.bodyBytes) bytes (HTTP \(response.status))"
                )
            }
        }
    }

    /// Checks the downloaded file's length, and its MD5 against a single-part ETag.
    private func verify(_ temporary: String, metadata: ObjectMetadata, object: S3URI) async throws(S3Error) {
        var info = stat()
        guard stat(temporary, &info) == 0 else {
            throw .fileSystem(path: temporary, message: String(cString: strerror(errno)))
        }
        guard Int64(info.st_size) == metadata.size else {
            throw .integrity("\(object): the file has \(info.st_size) bytes, the object \(metadata.size)")
        }
        // A plain 32-hex ETag is the content's MD5 (a single-part upload, any size); a multipart upload's ETag
        // ("...-N") is an MD5 of the parts' MD5s and cannot be checked without the part sizes.
        guard let eTag = metadata.unquotedETag, eTag.count == 32, eTag.allSatisfy(\.isHexDigit) else { return }
        let digest = try await BlockingWork.run { () throws(S3Error) in
            try FileDigest.md5(path: temporary, offset: 0, length: metadata.size)
        }
        guard digest.hexString == eTag.lowercased() else {
            throw .integrity("\(object): MD5 \(digest.hexString) does not match the ETag \(eTag)")
        }
    }
}
