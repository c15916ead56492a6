import Dispatch
import Glibc
import Synchronization

/// Catches SIGINT and SIGTERM while a command runs: the first one calls `handler` (cancellation), a second one
/// exits at once.
final class Interruption {
    /// The first signal received, shared with the handlers.
    private final class Received: Sendable {
        let signal = Mutex<Int32?>(nil)
    }

    private let sources: [any DispatchSourceSignal]
    private let received = Received()

    /// Installs the handlers.
    init(_ handler: @escaping @Sendable () -> Void) {
        let received = received
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let isFirst = received.signal.withLock { value in
                    defer { value = value ?? number }
                    return value == nil
                }
                if isFirst { handler() } else { _exit(128 + number) }
            }
            source.resume()
            return source
        }
    }

    /// Removes the handlers; returns the signal received, if any.
    func stop() -> Int32? {
        for source in sources { source.cancel() }
        return received.signal.withLock { $0 }
    }
}
