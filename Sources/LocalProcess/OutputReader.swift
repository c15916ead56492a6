import Foundation
import Glibc
import Logging

/// The loop of a process's output thread: read the merged output pipe, split it into lines,
/// timestamp them and deliver them synchronously, until end of file.
///
/// Delivery blocks reading: a slow consumer fills the pipe and then blocks the child, which is
/// the intended back-pressure; memory stays bounded by the read buffer and the line bound.
struct OutputReader: Sendable {
    /// The pipe's read end; owned, closed when `run` returns.
    let output: Int32
    /// The read end of the leader-exit notice (the waiter closes the write end after reaping);
    /// owned, closed when `run` returns.
    let leaderExitNotice: Int32
    let maximumLineLength: Int
    let drainTimeout: Duration
    let logger: Logger
    let onLine: @Sendable (OutputLine) -> Void

    private static let chunkSize = 64 * 1024
    /// At most this many chunks (4 MiB) are still read once the drain timeout expired.
    private static let finalDrainChunks = 64

    /// Reads until end of file (or the drain timeout after the leader exited), then returns.
    func run() {
        defer {
            close(output)
            close(leaderExitNotice)
        }
        var splitter = LineSplitter(maximumLineLength: maximumLineLength)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var drainDeadline: ContinuousClock.Instant?

        reading: while true {
            var timeout: Int32 = -1
            if let drainDeadline {
                let remaining = drainDeadline - .now
                if remaining <= .zero {
                    // Usually the group is gone and this reads what a slow consumer left to EOF;
                    // if not, a descendant that left the group still holds the output open.
                    if !drainAvailable(into: &splitter, buffer: buffer) {
                        logger.warning(
                            "output still open after the process and its group ended (a descendant left the group?); closing it",
                            metadata: ["drain-timeout": "\(drainTimeout)"])
                    }
                    break reading
                }
                timeout = Self.milliseconds(roundingUp: remaining)
            }
            var descriptors = [
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: drainDeadline == nil ? leaderExitNotice : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                logger.error("poll on process output failed", metadata: ["errno": "\(errno)"])
                break reading
            }
            if descriptors[1].revents != 0 { drainDeadline = .now + drainTimeout }
            guard descriptors[0].revents != 0 else { continue }
            switch readChunk(into: &splitter, buffer: buffer) {
            case .delivered, .wouldBlock: continue
            case .endOfFile: break reading
            case .failed(let code):
                logger.error("reading process output failed", metadata: ["errno": "\(code)"])
                break reading
            }
        }
        splitter.finish { deliver($0, at: Date()) }
    }

    private enum ReadResult {
        case delivered, wouldBlock, endOfFile
        case failed(Int32)
    }

    private func readChunk(into splitter: inout LineSplitter, buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        let count = read(output, buffer.baseAddress, buffer.count)
        if count > 0 {
            let timestamp = Date()
            splitter.append(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { deliver($0, at: timestamp) }
            return .delivered
        }
        if count == 0 { return .endOfFile }
        switch errno {
        case EINTR: return .delivered
        case EAGAIN: return .wouldBlock
        case let code: return .failed(code)
        }
    }

    /// Reads what is already in the pipe without waiting for more, up to a bound; returns
    /// whether that reached end of file.
    private func drainAvailable(into splitter: inout LineSplitter, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        let flags = fcntl(output, F_GETFL)
        guard flags >= 0, fcntl(output, F_SETFL, flags | O_NONBLOCK) == 0 else { return false }
        for _ in 0..<Self.finalDrainChunks {
            switch readChunk(into: &splitter, buffer: buffer) {
            case .delivered: continue
            case .endOfFile: return true
            case .wouldBlock, .failed: return false
            }
        }
        return false
    }

    private func deliver(_ text: String, at timestamp: Date) {
        onLine(OutputLine(text: text, timestamp: timestamp))
    }

    private static func milliseconds(roundingUp duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(1, milliseconds))
    }
}
