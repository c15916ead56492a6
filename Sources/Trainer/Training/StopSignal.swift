import Glibc
import Synchronization

/// SIGTERM (SageMaker's stop) and SIGINT: the training loop finishes its step, saves what it has and exits.
enum StopSignal {
    private static let received = Atomic<Bool>(false)

    /// Installs the handlers and unblocks both signals (a launcher's thread may have passed on a blocking mask).
    static func install() {
        signal(SIGTERM) { _ in StopSignal.received.store(true, ordering: .relaxed) }
        signal(SIGINT) { _ in StopSignal.received.store(true, ordering: .relaxed) }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Whether a stop was requested.
    static var requested: Bool { received.load(ordering: .relaxed) }
}
