/// The bounded FIFO between callers and worker threads: callers enqueue without blocking, workers block in
/// `next()` until there is work or the queue closes.
///
/// `@unchecked Sendable`: every stored `var` is read and written only with `lock` held.
final class TransferQueue: @unchecked Sendable {
    let capacity: Int
    private let lock = ConditionLock()
    private var items: [PendingRequest] = []
    private var head = 0
    private var closed = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isClosed: Bool { lock.withLock { closed } }

    /// Queues `request`, or fails it at once when the queue is closed or full or the request already cancelled.
    func enqueue(_ request: PendingRequest) {
        let failure: TransportError? = lock.withLock {
            if closed { return .shutDown }
            if request.control.isCancelled { return .cancelled }
            guard items.count - head < capacity else {
                return TransportError(
                    code: .queueFull, message: "too many requests are waiting for a connection", limit: capacity)
            }
            items.append(request)
            lock.signal()
            return nil
        }
        if let failure { request.complete(.failure(failure)) }
    }

    /// Takes `request` out if it is still waiting; false once a worker has it.
    func remove(_ request: PendingRequest) -> Bool {
        lock.withLock {
            guard let index = items[head...].firstIndex(where: { $0 === request }) else { return false }
            items.remove(at: index)
            return true
        }
    }

    /// The oldest waiting request; blocks the calling thread while there is none; nil once closed.
    func next() -> PendingRequest? {
        lock.withLock {
            while head == items.count && !closed { lock.wait() }
            guard head < items.count else { return nil }
            let request = items[head]
            head += 1
            if head >= 64 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return request
        }
    }

    /// Stops the workers once they finish their current transfers and fails every waiting request with
    /// `.shutDown`. Idempotent.
    func close() {
        let abandoned: [PendingRequest] = lock.withLock {
            closed = true
            let waiting = Array(items[head...])
            items = []
            head = 0
            lock.broadcast()
            return waiting
        }
        for request in abandoned { request.complete(.failure(.shutDown)) }
    }
}
