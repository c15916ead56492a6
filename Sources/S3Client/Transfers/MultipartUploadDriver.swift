import Foundation
import HTTPTransport
import S3XML

/// Carries out a `MultipartUploadMachine`'s actions with real requests: the I/O edge of the state machine.
struct MultipartUploadDriver: Sendable {
    let client: S3Client
    let object: S3URI
    let path: String
    let headers: [(String, String)]
    let counter: ProgressCounter?

    private enum Event: Sendable {
        case initiated(Result<String, S3Error>)
        case part(number: Int, Result<String, S3Error>)
        case completed(Result<String, S3Error>)
        case aborted(S3Error?)
    }

    /// Runs the machine to its end; returns the object's ETag or the failure (after aborting the upload).
    func run(_ machine: inout MultipartUploadMachine) async -> Result<String, S3Error> {
        await withTaskGroup(of: Event.self) { group in
            var pending = machine.start()
            var final: Result<String, S3Error>?
            var partsCancelled = false
            while final == nil {
                for action in pending {
                    switch action {
                    case .initiate:
                        group.addTask {
                            .initiated(await self.result { () throws(S3Error) in try await self.initiate() })
                        }
                    case .uploadPart(let uploadID, let part):
                        group.addTask {
                            .part(
                                number: part.number,
                                await self.result { () throws(S3Error) in
                                    try await self.uploadPart(part, uploadID: uploadID)
                                })
                        }
                    case .complete(let uploadID, let parts):
                        group.addTask {
                            .completed(
                                await self.result { () throws(S3Error) in
                                    try await self.complete(uploadID: uploadID, parts: parts)
                                })
                        }
                    case .abort(let uploadID, _):
                        // Parts still in flight are cancelled first; their events are ignored by the machine.
                        if !partsCancelled {
                            group.cancelAll()
                            partsCancelled = true
                        }
                        // An unstructured task: the abort must go out even though the group (or the caller) is
                        // cancelled.
                        group.addTask {
                            await Task {
                                do throws(S3Error) {
                                    try await self.abort(uploadID: uploadID)
                                    return Event.aborted(nil)
                                } catch {
                                    return Event.aborted(error)
                                }
                            }.value
                        }
                    case .finish(let outcome):
                        final = outcome.mapError { .multipart($0) }
                    }
                }
                guard final == nil, let event = await group.next() else { break }
                switch event {
                case .initiated(.success(let id)): pending = machine.initiated(uploadID: id)
                case .initiated(.failure(let error)): pending = machine.initiationFailed("\(error)")
                case .part(let number, .success(let eTag)): pending = machine.partUploaded(number: number, eTag: eTag)
                case .part(let number, .failure(let error)):
                    pending = machine.partFailed(number: number, reason: "\(error)")
                case .completed(.success(let eTag)): pending = machine.completed(eTag: eTag)
                case .completed(.failure(let error)): pending = machine.completionFailed("\(error)")
                case .aborted(let error): pending = machine.aborted(error: error.map { "\($0)" })
                }
                if Task.isCancelled && !machine.isFinished { pending += machine.cancel(reason: "cancelled") }
            }
            return final ?? .failure(.cancelled)
        }
    }

    private func result(_ body: () async throws(S3Error) -> String) async -> Result<String, S3Error> {
        do throws(S3Error) { return .success(try await body()) } catch { return .failure(error) }
    }

    private func initiate() async throws(S3Error) -> String {
        let response = try await client.send(
            S3Request(
                method: "POST", bucket: object.bucket, key: object.key, query: [("uploads", nil)],
                headers: headers))
        do { return try InitiateMultipartUploadResult(xml: response.body).uploadID } catch {
            throw .invalidResponse("CreateMultipartUpload \(object): \(error)")
        }
    }

    private func uploadPart(_ part: PartPlan.Part, uploadID: String) async throws(S3Error) -> String {
        let path = self.path
        let md5 = try await BlockingWork.run { () throws(S3Error) in
            try FileDigest.md5(path: path, offset: part.offset, length: part.length)
        }
        let counter = self.counter
        // Content-MD5, signed: S3 refuses (BadDigest) a part that did not arrive intact, and it is accepted whatever
        // the upload's checksum algorithm, unlike x-amz-checksum-*. The payload itself goes as UNSIGNED-PAYLOAD, as
        // botocore sends parts: hashing each part a second time (SHA-256) would add no integrity.
        let response = try await client.send(
            S3Request(
                method: "PUT", bucket: object.bucket, key: object.key,
                query: [("partNumber", String(part.number)), ("uploadId", uploadID)],
                headers: [("Content-MD5", md5.base64String)],
                body: .file(path: path, offset: part.offset, length: part.length, sha256: nil),
                destination: .discard,
                progress: counter?.reporter(forPart: part.number)))
        guard let eTag = response.value(forHeader: "ETag") else {
            throw .invalidResponse("UploadPart \(part.number) of \(object): no ETag")
        }
        return eTag
    }

    private func complete(
        uploadID: String, parts: [MultipartUploadMachine.CompletedPart]
    ) async throws(S3Error)
        -> String
    {
        let body: [UInt8]
        do {
            body = try CompleteMultipartUploadRequest(
                parts: parts.map { .init(partNumber: $0.number, eTag: $0.eTag) }
            ).xmlBody()
        } catch {
            throw .invalidResponse("cannot write the CompleteMultipartUpload document: \(error)")
        }
        let response = try await client.send(
            S3Request(
                method: "POST", bucket: object.bucket, key: object.key, query: [("uploadId", uploadID)],
                headers: [("Content-Type", "application/xml")], body: .bytes(body)))
        // A 200 may still carry an <Error> (after whitespace): that is a failure, possibly retryable.
        do {
            switch try CompleteMultipartUploadOutcome(xml: response.body) {
            case .completed(let result): return result.eTag
            case .failed(let document):
                throw S3Error.service(
                    S3ServiceError(
                        status: 200, code: document.code, message: document.message ?? "",
                        requestID: document.requestID))
            }
        } catch let error as S3Error {
            throw error
        } catch {
            throw .invalidResponse("CompleteMultipartUpload \(object): \(error)")
        }
    }

    private func abort(uploadID: String) async throws(S3Error) {
        _ = try await client.send(
            S3Request(
                method: "DELETE", bucket: object.bucket, key: object.key, query: [("uploadId", uploadID)],
                destination: .discard))
    }
}
