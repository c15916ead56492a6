import Foundation
import HTTPTransport
import S3XML
import SigV4

extension S3Client {
    /// HeadObject: the object's size, ETag and type.
    public func headObject(_ object: S3URI) async throws(S3Error) -> ObjectMetadata {
        let response = try await send(
            S3Request(method: "HEAD", bucket: object.bucket, key: object.key, destination: .discard))
        return try Self.metadata(response, object: object)
    }

    /// DeleteObject; deleting a missing key succeeds, as in S3.
    public func deleteObject(_ object: S3URI) async throws(S3Error) {
        _ = try await send(S3Request(method: "DELETE", bucket: object.bucket, key: object.key, destination: .discard))
    }

    /// DeleteObjects in batches of 1000; returns the keys S3 could not delete with its reasons.
    public func deleteObjects(bucket: String, keys: [String]) async throws(S3Error) -> [DeleteResult.Failure] {
        var failures: [DeleteResult.Failure] = []
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(start + DeleteObjectsRequest.maxObjectCount, keys.count)])
            start += batch.count
            let body: [UInt8]
            do { body = try DeleteObjectsRequest(keys: batch, isQuiet: true).xmlBody() } catch {
                throw .invalidResponse("cannot write the Delete document: \(error)")
            }
            // DeleteObjects requires a Content-MD5 (or a checksum) of its body.
            let response = try await send(
                S3Request(
                    method: "POST", bucket: bucket, query: [("delete", nil)],
                    headers: [("Content-MD5", MD5.base64Digest(body)), ("Content-Type", "application/xml")],
                    body: .bytes(body)))
            do {
                failures += response.body.isEmpty ? [] : try DeleteResult(xml: response.body).errors
            } catch {
                throw .invalidResponse("DeleteObjects: \(error)")
            }
        }
        return failures
    }

    /// CreateBucket (in the configured region); an existing bucket of ours is not an error.
    public func createBucket(_ name: String) async throws(S3Error) {
        var body: [UInt8] = []
        if configuration.region != "us-east-1" {
            body = Array(
                """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                <LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>
                """.utf8)
        }
        do {
            _ = try await send(
                S3Request(method: "PUT", bucket: name, body: body.isEmpty ? .none : .bytes(body), destination: .discard)
            )
        } catch {
            if error.code == "BucketAlreadyOwnedByYou" { return }
            throw error
        }
    }

    /// A presigned URL for `method` on `object`, valid for `expires` seconds (1...604800).
    public func presignedURL(for object: S3URI, method: String = "GET", expires: Int = 3600) -> URL {
        let url = URL(string: endpoint.url(bucket: object.bucket, key: object.key))!
        return signer.presignedURL(method: method, url: url, expires: min(max(expires, 1), 604_800))
    }

    static func metadata(_ response: HTTPResponse, object: S3URI) throws(S3Error) -> ObjectMetadata {
        guard let lengthText = response.value(forHeader: "Content-Length"), let size = Int64(lengthText) else {
            throw .invalidResponse("\(object): no Content-Length")
        }
        return ObjectMetadata(
            size: size, eTag: response.value(forHeader: "ETag"),
            lastModified: response.value(forHeader: "Last-Modified").flatMap(HTTPDate.parse),
            contentType: response.value(forHeader: "Content-Type"),
            checksumSHA256: response.value(forHeader: "x-amz-checksum-sha256"))
    }
}
