import Foundation
import HTTPTransport
import Logging
import S3XML
import SigV4

/// Our S3 client: SigV4-signed requests over libcurl, S3's XML through libxml2, retries with backoff, streamed and
/// parallel transfers.
///
/// Every blocking call (libcurl, file reads and hashing) runs on dedicated threads; the methods are `async` and
/// safe to call from any task. Operations live in extensions, one file per family.
public final class S3Client: Sendable {
    /// The configuration the client was made with.
    public let configuration: S3Configuration
    let endpoint: S3Endpoint
    let signer: SigV4Signer
    let transport: CurlTransport
    let logger: Logger

    /// A client; fails only when libcurl cannot start or the TLS configuration is contradictory.
    public init(configuration: S3Configuration, logger: Logger) throws(S3Error) {
        self.configuration = configuration
        self.endpoint = S3Endpoint(configuration: configuration)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        self.logger = logger
        do {
            transport = try CurlTransport(
                configuration: TransportConfiguration(
                    workerCount: configuration.concurrency + 2, queueCapacity: 4096,
                    stallTimeout: configuration.stallTimeout,
                    tls: TLSConfiguration(caBundlePath: configuration.caBundlePath),
                    userAgent: "sagetrain-s3/1.0"),
                logger: logger)
        } catch {
            throw .transport(message: error.description, isRetryable: false)
        }
    }

    /// Stops the transport's threads once their transfers end.
    public func shutdown() {
        transport.shutdown()
    }

    /// Sends `request` until it succeeds, fails for good or runs out of attempts; returns the 2xx response.
    /// Non-2xx answers become `S3Error.service` with S3's code, message and request ID.
    func send(_ request: S3Request) async throws(S3Error) -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let failure: S3Error
            do throws(S3Error) {
                return try await sendOnce(request)
            } catch {
                failure = error
            }
            let decision = configuration.retry.decision(
                afterAttempt: attempt, retryable: failure.isRetryable, random: Double.random(in: 0..<1))
            guard case .retry(let delay) = decision, !Task.isCancelled else {
                if attempt > 1 {
                    logger.debug("giving up", metadata: ["request": "\(request.label)", "attempts": "\(attempt)"])
                }
                throw failure
            }
            logger.debug(
                "retrying", metadata: ["request": "\(request.label)", "attempt": "\(attempt)", "error": "\(failure)"])
            do { try await Task.sleep(for: delay) } catch { throw .cancelled }
        }
    }

    private func sendOnce(_ request: S3Request) async throws(S3Error) -> HTTPResponse {
        let url = endpoint.url(bucket: request.bucket, key: request.key, query: request.query)
        guard let parsed = URL(string: url) else { throw .invalidResponse("cannot form a URL from \(url)") }
        let payloadHash: PayloadHash
        let body: RequestBody
        switch request.body {
        case .none:
            payloadHash = .emptyBody
            body = .none
        case .bytes(let bytes):
            payloadHash = .of(bytes)
            body = .bytes(bytes)
        case .file(let path, let offset, let length, let sha256):
            payloadHash = sha256.map { .sha256Hex($0.hexString) } ?? .unsigned
            body = .file(path: path, offset: offset, length: length)
        }
        var headers = request.headers
        headers += signer.signHeaders(method: request.method, url: parsed, headers: headers, payloadHash: payloadHash)
        let sink: ResponseSink =
            switch request.destination {
            case .memory(let limit): .memory(limit: limit)
            case .file(let path, let offset): .file(path: path, offset: offset)
            case .discard: .discard
            }
        let response: HTTPResponse
        do {
            response = try await transport.execute(
                HTTPRequest(method: request.method, url: url, headers: headers, body: body), sink: sink,
                options: RequestOptions(progress: request.progress))
        } catch {
            if error.code == .cancelled { throw .cancelled }
            throw .transport(message: "\(request.label): \(error.description)", isRetryable: error.isRetryable)
        }
        guard response.isSuccess else { throw .service(Self.serviceError(response)) }
        return response
    }

    /// The error an unsuccessful response reports: its `<Error>` document, else the status.
    static func serviceError(_ response: HTTPResponse) -> S3ServiceError {
        let requestID = response.value(forHeader: "x-amz-request-id")
        if !response.body.isEmpty, let document = try? S3ErrorDocument(xml: response.body) {
            return S3ServiceError(
                status: response.status, code: document.code, message: document.message ?? "",
                requestID: document.requestID ?? requestID, resource: document.resource ?? document.key)
        }
        let code =
            switch response.status {
            case 404: "NotFound"
            case 403: "Forbidden"
            case 412: "PreconditionFailed"
            case 503: "ServiceUnavailable"
            default: "HTTP\(response.status)"
            }
        return S3ServiceError(
            status: response.status, code: code, message: HTTPStatusText.reason(response.status), requestID: requestID)
    }
}
