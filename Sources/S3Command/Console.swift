import Glibc
import Synchronization

/// The command's output: results and per-file lines on standard output, errors on standard error, and at most
/// one progress line on standard error, redrawn in place and cleared before any other line is written.
final class Console: Sendable {
    /// Whether per-file lines are suppressed (`--quiet`); results and errors are always written.
    let isQuiet: Bool
    /// Whether standard error is a terminal.
    let isErrorTerminal: Bool
    /// Whether a progress line is on screen, guarded with every write so that lines never interleave.
    private let hasStatusLine = Mutex(false)

    /// A console; `isQuiet` suppresses the per-file lines.
    init(isQuiet: Bool) {
        self.isQuiet = isQuiet
        self.isErrorTerminal = isatty(STDERR_FILENO) == 1
    }

    /// A per-file report line on standard output (`upload: a to s3://b/a`), unless quiet.
    func report(_ line: String) {
        guard !isQuiet else { return }
        emit(line + "\n", to: STDOUT_FILENO)
    }

    /// A result line on standard output (listings, URLs), even when quiet.
    func result(_ line: String) {
        emit(line + "\n", to: STDOUT_FILENO)
    }

    /// An error or warning line on standard error, even when quiet.
    func error(_ line: String) {
        emit(line + "\n", to: STDERR_FILENO)
    }

    /// Replaces the progress line (standard error) with `text`.
    func drawStatus(_ text: String) {
        hasStatusLine.withLock { isShown in
            Self.write("\r\u{1B}[2K" + text, to: STDERR_FILENO)
            isShown = true
        }
    }

    /// Removes the progress line, if any.
    func clearStatus() {
        hasStatusLine.withLock { isShown in
            if isShown { Self.write("\r\u{1B}[2K", to: STDERR_FILENO) }
            isShown = false
        }
    }

    private func emit(_ text: String, to descriptor: Int32) {
        hasStatusLine.withLock { isShown in
            if isShown {
                Self.write("\r\u{1B}[2K", to: STDERR_FILENO)
                isShown = false
            }
            Self.write(text, to: descriptor)
        }
    }

    /// Writes all of `text`; output errors (a closed pipe) are ignored, as there is nowhere to report them.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                offset += count
            }
        }
    }
}
