import Foundation
import Glibc
import HTTPTransport
import S3XML

extension S3Client {
    /// Uploads the file at `path` to `object`, streaming it: one PutObject below the multipart threshold, else a
    /// multipart upload with `concurrency` parts in flight (aborted on failure, so no parts are left behind).
    /// A single PutObject is signed with its SHA-256 (`X-Amz-Content-SHA256`: S3 refuses a body that does not match
    /// it) and carries the same digest as `x-amz-checksum-sha256`, which S3 stores and verifies; each part carries a
    /// signed `Content-MD5` and goes as `UNSIGNED-PAYLOAD` (an `x-amz-checksum-*` header is accepted on parts only
    /// when CreateMultipartUpload declared the algorithm). A body refused as damaged (`BadDigest`) is sent again. Returns the object's ETag.
    /// `progress` gets the total bytes sent so far.
    @discardableResult
    public func upload(
        file path: String, to object: S3URI, contentType: String? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws(S3Error) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .fileSystem(path: path, message: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .fileSystem(path: path, message: "not a regular file") }
        let size = Int64(info.st_size)
        let typeHeader = [("Content-Type", contentType ?? "application/octet-stream")]
        if size < configuration.multipartThreshold {
            let digest = try await BlockingWork.run { () throws(S3Error) in
                try FileDigest.sha256(path: path, offset: 0, length: size)
            }
            let response = try await send(
                S3Request(
                    method: "PUT", bucket: object.bucket, key: object.key,
                    headers: typeHeader + [("x-amz-checksum-sha256", digest.base64String)],
                    body: .file(path: path, offset: 0, length: size, sha256: digest), destination: .discard,
                    progress: progress))
            return response.value(forHeader: "ETag") ?? ""
        }
        return try await uploadInParts(path: path, size: size, to: object, headers: typeHeader, progress: progress)
    }

    private func uploadInParts(
        path: String, size: Int64, to object: S3URI, headers: [(String, String)],
        progress: (@Sendable (Int64) -> Void)?
    ) async throws(S3Error) -> String {
        let plan = PartPlan(size: size, preferredPartSize: configuration.partSize)
        let counter = progress.map { ProgressCounter(report: $0, parts: plan.count) }
        var machine = MultipartUploadMachine(plan: plan, concurrency: configuration.concurrency)
        let driver = MultipartUploadDriver(client: self, object: object, path: path, headers: headers, counter: counter)
        switch await driver.run(&machine) {
        case .success(let eTag): return eTag
        case .failure(let failure): throw failure
        }
    }
}
