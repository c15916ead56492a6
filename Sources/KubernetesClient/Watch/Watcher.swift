import HTTPTransport
import Logging
import ServiceModel

/// A watch as an async sequence of `WatchEvent`s that never ends by itself: it lists, watches, resumes from
/// the last resourceVersion after a disconnect, re-lists (delivering a `resync`) when that version has expired,
/// and backs off after failures. It ends (nil) when the iterating task is cancelled, and throws only for
/// failures that retrying cannot fix (refused credentials, a rejected request).
///
/// Nothing is read ahead of the consumer: events are decoded one at a time as `next()` asks for them, and while
/// the consumer is busy the transport's bounded buffer fills and the connection waits (back-pressure). A list's
/// items are held until delivered as one `resync`.
public struct Watcher<Resource: KubernetesResource>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Resource>
    public typealias Failure = KubernetesError

    let resources: ResourceClient<Resource>
    let options: WatchOptions

    /// Drives a `WatchMachine` with requests.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = WatchEvent<Resource>
        public typealias Failure = KubernetesError

        private let resources: ResourceClient<Resource>
        private let options: WatchOptions
        private var machine: WatchMachine
        private var next: WatchMachine.Next?
        private var pending: [WatchEvent<KubernetesObject>] = []
        private var stream: HTTPResponseStream?
        private var lines: HTTPLineSequence.AsyncIterator?

        init(resources: ResourceClient<Resource>, options: WatchOptions) {
            self.resources = resources
            self.options = options
            machine = WatchMachine(resourceVersion: options.resourceVersion, backoff: options.backoff)
        }

        /// The next event; nil once the iterating task is cancelled.
        public mutating func next() async throws(KubernetesError) -> WatchEvent<Resource>? {
            while true {
                if !pending.isEmpty { return pending.removeFirst().map { Resource(json: $0.json) } }
                if Task.isCancelled {
                    closeStream()
                    return nil
                }
                let action = self.next ?? machine.start().next
                let step: WatchMachine.Step
                switch action {
                case .list: step = await list()
                case .watch(let resourceVersion): step = await open(from: resourceVersion)
                case .readNext: step = await readEvent()
                case .wait(let delay):
                    resources.client.logger.debug(
                        "watch backing off", metadata: ["kubernetes.watch.delay": "\(delay)"])
                    do { try await Task.sleep(for: delay) } catch { return nil }
                    step = machine.backoffElapsed()
                case .fail(let error):
                    closeStream()
                    if error.code == .cancelled { return nil }
                    throw error
                }
                pending += step.events
                self.next = step.next
            }
        }

        private mutating func list() async -> WatchMachine.Step {
            closeStream()
            do {
                let list = try await resources.listAll(options.listOptions)
                return machine.listed(
                    list.items.map { KubernetesObject(json: $0.json) }, resourceVersion: list.resourceVersion)
            } catch {
                return machine.listFailed(error)
            }
        }

        private mutating func open(from resourceVersion: String) async -> WatchMachine.Step {
            closeStream()
            let client = resources.client
            let timeout = options.timeout ?? client.configuration.watchTimeout
            let seconds = Swift.max(1, Int(timeout.components.seconds))
            var query = options.listOptions.selectorQuery
            query += [
                ("watch", "true"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true"),
                ("timeoutSeconds", String(seconds)),
            ]
            let request = client.makeRequest(
                method: "GET", path: resources.kind.path(namespace: resources.namespace), query: query)
            do {
                // A deadline past the server's own: a connection that died silently is noticed.
                let stream = try await client.openStream(request, totalTimeout: .seconds(seconds + 30))
                self.stream = stream
                lines = stream.lines.makeAsyncIterator()
                return machine.watchOpened()
            } catch {
                return machine.watchOpenFailed(error)
            }
        }

        private mutating func readEvent() async -> WatchMachine.Step {
            guard var iterator = lines else { return machine.streamEnded() }
            let line: [UInt8]?
            do {
                line = try await iterator.next()
                lines = iterator
            } catch {
                closeStream()
                if error.code == .cancelled { return WatchMachine.Step(next: .fail(.transport(error))) }
                return machine.streamFailed(.transport(error))
            }
            guard let line else {
                closeStream()
                return machine.streamEnded()
            }
            if line.allSatisfy({ $0 == 0x20 }) { return WatchMachine.Step(next: .readNext) }
            switch WatchLine.decode(line) {
            case .event(let type, let object): return machine.received(type, object: object)
            case .error(let status):
                closeStream()
                return machine.receivedError(status)
            case .invalid(let message):
                closeStream()
                return machine.streamFailed(.invalidResponse(message))
            }
        }

        private mutating func closeStream() {
            stream?.cancel()
            stream = nil
            lines = nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(resources: resources, options: options)
    }
}

extension ResourceClient {
    /// Watches the objects that `options` select: a `resync` with everything first, then changes as they happen.
    public func watch(_ options: WatchOptions = .init()) -> Watcher<Resource> {
        Watcher(resources: self, options: options)
    }
}
