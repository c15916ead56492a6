import Logging

/// HTTP over libcurl for the S3 and Kubernetes clients.
///
/// Requests wait in a bounded FIFO for one of up to `workerCount` dedicated threads (never the cooperative pool nor
/// an event loop), started as requests need them; each thread keeps its own libcurl handles across requests, so connections are reused, and all of
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
        queue = TransferQueue(capacity: configuration.queueCapacity, maximumWorkers: configuration.workerCount)
        if configuration.tls.insecureSkipVerify {
            logger.warning("TLS certificate verification is disabled (insecureSkipVerify): connections are not secure")
        }
        // One worker at once, which also proves libcurl usable; the others when requests wait.
        if let number = queue.reserveWorker() {
            do {
                try Self.startWorker(
                    number: number, runner: RunnerHandOff(TransferRunner(settings: settings)), queue: queue)
            } catch {
                queue.releaseWorker()
                throw error
            }
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
        let settings = self.settings
        let result = await withTaskCancellationHandler {
            if let number = queue.enqueue(pending) { Self.addWorker(number: number, settings: settings, queue: queue) }
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

    /// Starts worker `number` (counted by the queue already). A worker that cannot start is logged and not
    /// counted: the request it was for waits for the running ones.
    private static func addWorker(number: Int, settings: TransferSettings, queue: TransferQueue) {
        do {
            try startWorker(number: number, runner: RunnerHandOff(TransferRunner(settings: settings)), queue: queue)
        } catch {
            queue.releaseWorker()
            settings.logger.error("an HTTP worker could not start", metadata: ["error": "\(error)"])
        }
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
