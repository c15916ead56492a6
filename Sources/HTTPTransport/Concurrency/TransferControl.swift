import Synchronization

/// Cancellation of one transfer, from any thread: a flag the transfer's callbacks and run loop read, plus a
/// wake-up for the multi handle's poll while the transfer runs.
final class TransferControl: Sendable {
    private let cancelled = Atomic(false)
    private let waker = Mutex<CurlMultiWaker?>(nil)

    init() {}

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Asks the transfer to stop; it ends with `.cancelled`. Idempotent.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        waker.withLock { $0?.wake() }
    }

    /// Called by the transfer thread around `CurlMulti.perform`.
    func attach(_ newWaker: CurlMultiWaker?) {
        waker.withLock { $0 = newWaker }
    }
}
