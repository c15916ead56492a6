/// A request waiting for, or running on, a worker thread, with the promise its caller awaits.
final class PendingRequest: Sendable {
    let request: HTTPRequest
    let sink: ResponseSink
    let options: RequestOptions
    let control = TransferControl()
    let promise = ResultPromise<HTTPResponse>()

    init(request: HTTPRequest, sink: ResponseSink, options: RequestOptions) {
        self.request = request
        self.sink = sink
        self.options = options
    }

    /// Ends the caller's wait with `result` (only the first call counts).
    func complete(_ result: Result<HTTPResponse, TransportError>) {
        promise.complete(result)
    }
}
