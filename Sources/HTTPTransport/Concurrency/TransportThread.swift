import CCurl
import Glibc

/// Starts the dedicated, detached POSIX threads that run blocking libcurl calls, away from Swift's cooperative
/// pool and any event loop. SIGPIPE is blocked on them (see `ccurl_block_sigpipe`).
enum TransportThread {
    /// Runs `body` on a new detached thread named `name`.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(TransportError) {
        let payload = Unmanaged.passRetained(Payload(name: name, body: body))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                let payload = Unmanaged<Payload>.fromOpaque(context!).takeRetainedValue()
                ccurl_block_sigpipe()
                ccurl_set_thread_name(payload.name)
                payload.body()
                return nil
            }, payload.toOpaque())
        guard result == 0 else {
            payload.release()
            throw TransportError(code: .other, message: "pthread_create: \(String(cString: strerror(result)))")
        }
        pthread_detach(thread)
    }

    private final class Payload: Sendable {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
