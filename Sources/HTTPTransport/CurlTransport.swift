import Logging

/// HTTP over libcurl for the S3 and Kubernetes clients.
///
/// Requests wait in a bounded FIFO for one of `workerCount` dedicated threads (never the cooperative pool nor an
/// event loop); each thread keeps its own libcurl handles across requests, so connections are reused, and all of
/// them share a DNS cache and TLS sessions. `execute` suspends until its transfer ends; cancelling the calling
/// task aborts the transfer at once. `stream` runs one long-lived transfer on a thread of its own.
public final class CurlTransport: Sendable {
    private let queue: TransferQueue
    private let settings: TransferSettings

    /// Starts the worker threads. Fails on a contradictory configuration or if libcurl cannot start.
    public init(
        configuration: TransportConfiguration = .init(),
        logger: Logger = Logger(label: "sagetrain.http-transport", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(TransportError) {
        try configuration.validate()
        try CurlLibrary.initialize()
        settings = TransferSettings(configuration: configuration, share: try CurlShare(), logger: logger)
        queue = TransferQueue(capacity: configuration.queueCapacity)
        if configuration.tls.insecureSkipVerify {
            logger.warning("TLS certificate verification is disabled (insecureSkipVerify): connections are not secure")
        }
        var runners: [TransferRunner] = []
        for _ in 0..<configuration.workerCount {
            runners.append(try TransferRunner(settings: settings))
        }
        for (index, runner) in runners.enumerated() {
            try Self.startWorker(number: index, runner: RunnerHandOff(runner), queue: queue)
        }
    }

    deinit {
        queue.close()
    }

    /// Performs `request`, sending the body to `sink`. Throws only when there is no response at all: any status,
    /// 4xx and 5xx included, is a response.
    public func execute(
        _ request: HTTPRequest, sink: ResponseSink = .memory(limit: ResponseSink.defaultMemoryLimit),
        options: RequestOptions = .init()
    ) async throws(TransportError) -> HTTPResponse {
        let pending = PendingRequest(request: request, sink: sink, options: options)
        let queue = self.queue
        let result = await withTaskCancellationHandler {
            queue.enqueue(pending)
            return await pending.promise.wait()
        } onCancel: {
            pending.control.cancel()
            if queue.remove(pending) { pending.complete(.failure(.cancelled)) }
        }
        return try result.get()
    }

    /// Stops the workers once they finish their current transfers and fails waiting requests with `.shutDown`.
    /// Running streams continue. Also done when the transport is released.
    public func shutdown() {
        queue.close()
    }

    private static func startWorker(number: Int, runner: RunnerHandOff, queue: TransferQueue) throws(TransportError) {
        try TransportThread.start(name: "http-worker-\(number)") {
            let defaultStallTimeout = runner.runner.settings.configuration.stallTimeout
            while let pending = queue.next() {
                let result = runner.runner.run(
                    pending.request, sink: Self.transferSink(pending.sink), options: pending.options,
                    control: pending.control, defaultStallTimeout: defaultStallTimeout)
                pending.complete(result)
            }
        }
    }

    private static func transferSink(_ sink: ResponseSink) -> TransferContext.Sink {
        switch sink {
        case .memory(let limit): .memory(limit: limit)
        case .file(let path, let offset): .file(path: path, offset: offset)
        case .discard: .discard
        }
    }

    var transferSettings: TransferSettings { settings }
    var isShutDown: Bool { queue.isClosed }
}

/// Hands a runner, made on the initialising thread, to its worker thread.
///
/// `@unchecked Sendable`: the runner is used only by the one worker thread that receives it; the initialising
/// thread lets go of it before that thread starts.
private final class RunnerHandOff: @unchecked Sendable {
    let runner: TransferRunner

    init(_ runner: TransferRunner) {
        self.runner = runner
    }
}
