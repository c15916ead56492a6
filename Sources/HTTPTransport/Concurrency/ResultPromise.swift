import Synchronization

/// A result delivered once, by a transfer thread, to one waiting task; it may arrive before the task waits.
final class ResultPromise<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Result<Value, TransportError>, Never>)
        case ready(Result<Value, TransportError>)
        case delivered
    }

    private let state = Mutex(State.pending)

    init() {}

    /// Delivers `result`; later calls are ignored. Returns whether this call delivered.
    @discardableResult
    func complete(_ result: Result<Value, TransportError>) -> Bool {
        let (delivered, waiter) = state.withLock {
            state -> (Bool, CheckedContinuation<Result<Value, TransportError>, Never>?) in
            switch state {
            case .pending:
                state = .ready(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .delivered
                return (true, continuation)
            case .ready, .delivered:
                return (false, nil)
            }
        }
        waiter?.resume(returning: result)
        return delivered
    }

    /// Suspends until the result is delivered. Call at most once.
    func wait() async -> Result<Value, TransportError> {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Result<Value, TransportError>? in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .ready(let result):
                    state = .delivered
                    return result
                case .waiting, .delivered:
                    preconditionFailure("ResultPromise.wait() called twice")
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
