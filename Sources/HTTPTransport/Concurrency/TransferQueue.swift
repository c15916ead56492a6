/// The bounded FIFO between callers and worker threads: callers enqueue without blocking, workers block in
/// `next()` until there is work or the queue closes. Workers are started as the work needs them: `enqueue` says
/// when more requests wait than workers are idle and fewer than `maximumWorkers` run.
///
/// `@unchecked Sendable`: every stored `var` is read and written only with `lock` held.
final class TransferQueue: @unchecked Sendable {
    let capacity: Int
    let maximumWorkers: Int
    private let lock = ConditionLock()
    private var items: [PendingRequest] = []
    private var head = 0
    private var closed = false
    private var workers = 0
    private var idleWorkers = 0

    init(capacity: Int, maximumWorkers: Int) {
        self.capacity = capacity
        self.maximumWorkers = maximumWorkers
    }

    /// Counts a worker about to start; false when `maximumWorkers` already run.
    func reserveWorker() -> Int? {
        lock.withLock {
            guard workers < maximumWorkers else { return nil }
            workers += 1
            return workers - 1
        }
    }

    /// Takes back a reservation whose worker could not start.
    func releaseWorker() {
        lock.withLock { workers -= 1 }
    }

    var isClosed: Bool { lock.withLock { closed } }

    /// Queues `request`, or fails it at once when the queue is closed or full or the request already cancelled.
    /// Returns a worker number when one more worker should start (it is counted already).
    func enqueue(_ request: PendingRequest) -> Int? {
        let (failure, newWorker): (TransportError?, Int?) = lock.withLock {
            if closed { return (.shutDown, nil) }
            if request.control.isCancelled { return (.cancelled, nil) }
            guard items.count - head < capacity else {
                let error = TransportError(
                    code: .queueFull, message: "too many requests are waiting for a connection", limit: capacity)
                return (error, nil)
            }
            items.append(request)
            lock.signal()
            guard items.count - head > idleWorkers, workers < maximumWorkers else { return (nil, nil) }
            workers += 1
            return (nil, workers - 1)
        }
        if let failure { request.complete(.failure(failure)) }
        return newWorker
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
            while head == items.count && !closed {
                idleWorkers += 1
                lock.wait()
                idleWorkers -= 1
            }
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
