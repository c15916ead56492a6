import CCurl
import Logging

/// Runs transfers one after another on the thread that owns it, with an easy handle and a multi handle kept
/// across transfers so that connections (and their TLS sessions) are reused.
final class TransferRunner {
    let settings: TransferSettings
    let easy: CurlEasy
    private let multi: CurlMulti
    /// libcurl's CURLOPT_ERRORBUFFER: CURL_ERROR_SIZE bytes, written during transfers.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(settings: TransferSettings) throws(TransportError) {
        self.settings = settings
        self.easy = try CurlEasy()
        self.multi = try CurlMulti()
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // Forget the error buffer before freeing it; the handles are cleaned up after this.
        easy.reset()
        errorBuffer.deallocate()
    }

    /// Performs `request`, blocking the calling thread; `onHead` is called as soon as the final response's head
    /// has arrived. `defaultStallTimeout` applies when `options` sets none.
    func run(
        _ request: HTTPRequest, sink: TransferContext.Sink, options: RequestOptions, control: TransferControl,
        defaultStallTimeout: Duration?, onHead: ((ResponseHead) -> Void)? = nil
    ) -> Result<HTTPResponse, TransportError> {
        let start = ContinuousClock.now
        let result = perform(
            request, sink: sink, options: options, control: control, defaultStallTimeout: defaultStallTimeout,
            onHead: onHead)
        log(request, result: result, duration: ContinuousClock.now - start)
        return result
    }

    private func perform(
        _ request: HTTPRequest, sink: TransferContext.Sink, options: RequestOptions, control: TransferControl,
        defaultStallTimeout: Duration?, onHead: ((ResponseHead) -> Void)?
    ) -> Result<HTTPResponse, TransportError> {
        guard !control.isCancelled else { return .failure(.cancelled) }
        let body: BodySource?
        do throws(TransportError) {
            body = Self.sendsBody(request) ? try BodySource(request.body) : nil
        } catch {
            return .failure(error)
        }
        let context = TransferContext(
            control: control, sink: sink, body: body, followsRedirects: options.followRedirects,
            stallTimeout: options.stallTimeout ?? defaultStallTimeout, progress: options.progress, onHead: onHead)
        defer { context.close() }
        let headerList = CurlHeaderList()
        return withExtendedLifetime((context, headerList)) {
            do throws(TransportError) {
                try configure(request, options: options, context: context, headerList: headerList)
                errorBuffer[0] = 0
                control.attach(multi.waker)
                defer { control.attach(nil) }
                let code = try multi.perform(easy) { control.isCancelled }
                return .success(try response(to: code, context: context))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The response, or the error that best explains why there is none.
    private func response(to code: CURLcode, context: TransferContext) throws(TransportError) -> HTTPResponse {
        if let failure = context.failure { throw failure }
        if context.control.isCancelled { throw .cancelled }
        guard code == CURLE_OK else {
            let socketError = Int32(truncatingIfNeeded: easy.longInfo(CURLINFO_OS_ERRNO))
            throw TransportError(curl: code, detail: String(cString: errorBuffer), socketError: socketError)
        }
        let status = easy.longInfo(CURLINFO_RESPONSE_CODE)
        try context.finishSuccessfully(status: status)
        return HTTPResponse(
            status: status, headers: context.parser.head.headers, body: context.keptBody,
            bodyBytes: context.bodyBytes)
    }

    /// Method, host, status and duration only: never header values, paths or query strings (presigned URLs).
    private func log(_ request: HTTPRequest, result: Result<HTTPResponse, TransportError>, duration: Duration) {
        var metadata: Logger.Metadata = [
            "http.method": .string(request.method), "http.host": .string(request.host),
            "http.duration_ms": .stringConvertible(
                duration.components.seconds * 1000
                    + duration.components.attoseconds / 1_000_000_000_000_000),
        ]
        switch result {
        case .success(let response):
            metadata["http.status"] = .stringConvertible(response.status)
            settings.logger.debug("HTTP transfer", metadata: metadata)
        case .failure(let error):
            metadata["http.error"] = .string(error.code.description)
            settings.logger.debug("HTTP transfer failed", metadata: metadata)
        }
    }

    /// Whether the request sends a body: any non-empty one, and always for the methods that expect one.
    static func sendsBody(_ request: HTTPRequest) -> Bool {
        guard request.method != "HEAD" else { return false }
        return request.body.length > 0 || ["POST", "PUT", "PATCH"].contains(request.method)
    }
}
