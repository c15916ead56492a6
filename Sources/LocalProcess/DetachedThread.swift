import Glibc

/// Starts dedicated, detached POSIX threads: for work that blocks in system calls (`read`,
/// `waitpid`) and so must stay off Swift's cooperative pool and any event loop.
enum DetachedThread {
    /// Runs `body` on a new detached thread named `name` (cut to the kernel's 15 bytes).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) {
        let payload = Unmanaged.passRetained(Payload(name: name, body: body))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                let payload = Unmanaged<Payload>.fromOpaque(context!).takeRetainedValue()
                if let setName = GNUExtensions.setThreadName {
                    let name = String(decoding: payload.name.utf8.prefix(15), as: UTF8.self)
                    _ = name.withCString { setName(pthread_self(), $0) }
                }
                payload.body()
                return nil
            }, payload.toOpaque())
        guard result == 0 else {
            payload.release()
            throw SystemCallError(call: "pthread_create", code: result)
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
