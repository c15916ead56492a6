import Synchronization

/// Keeps up to 20 lines a helper process printed (the first ones, or the last ones), for an error message.
final class OutputCollector: Sendable {
    private let keepingLast: Bool
    private let stored = Mutex([String]())

    init(keepingLast: Bool = false) { self.keepingLast = keepingLast }

    func append(_ line: String) {
        stored.withLock { lines in
            if lines.count < 20 {
                lines.append(line)
            } else if keepingLast {
                lines.removeFirst()
                lines.append(line)
            }
        }
    }

    var lines: [String] { stored.withLock { $0 } }

    var text: String { lines.joined(separator: "\n") }
}
