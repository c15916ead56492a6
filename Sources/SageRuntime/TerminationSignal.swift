import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into a flag the checkpoint loop polls.
final class TerminationSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    var isSet: Bool { flag.load(ordering: .acquiring) }

    static func install() -> TerminationSignal {
        let signal = TerminationSignal()
        for number in [SIGTERM, SIGINT] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { signal.flag.store(true, ordering: .releasing) }
            source.resume()
            signal.sources.append(source)
        }
        return signal
    }
}
