extension CurlTransport {
    /// Starts `request` on a dedicated thread and returns once the final response's head has arrived, with the body
    /// still streaming: for watches and followed logs. The configuration's stall timeout does not apply (set
    /// `options.stallTimeout` to want one); the body waits while the consumer is behind. Cancelling the calling
    /// task before the head arrives aborts the transfer.
    public func stream(
        _ request: HTTPRequest, options: RequestOptions = .init()
    ) async throws(TransportError) -> HTTPResponseStream {
        guard !isShutDown else { throw .shutDown }
        let control = TransferControl()
        let buffer = StreamBuffer(control: control)
        // Released with the caller's values, or on a throw below: either way the transfer is aborted.
        let handle = StreamHandle(buffer: buffer)
        let head = ResultPromise<ResponseHead>()
        let settings = transferSettings
        try TransportThread.start(name: "http-stream") {
            let result: Result<HTTPResponse, TransportError>
            do throws(TransportError) {
                let runner = try TransferRunner(settings: settings)
                result = runner.run(
                    request, sink: .stream(buffer), options: options, control: control, defaultStallTimeout: nil
                ) { head.complete(.success($0)) }
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let response):
                head.complete(.success(ResponseHead(status: response.status, headers: response.headers)))
                buffer.finish(nil)
            case .failure(let error):
                head.complete(.failure(error))
                buffer.finish(error)
            }
        }
        let result = await withTaskCancellationHandler {
            await head.wait()
        } onCancel: {
            buffer.cancel()
        }
        return HTTPResponseStream(head: try result.get(), handle: handle)
    }
}
