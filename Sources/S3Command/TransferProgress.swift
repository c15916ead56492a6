import Synchronization

/// The bytes and files of a batch of transfers so far, updated from transfer threads and read by the progress
/// line; every update is one short critical section.
final class TransferProgress: Sendable {
    /// A consistent reading of the counters.
    struct Snapshot: Sendable, Equatable {
        /// Bytes moved so far, finished files and the current attempts of running ones.
        var bytes: Int64
        /// All the bytes to move, when known.
        var totalBytes: Int64?
        /// Files finished (successfully or not).
        var filesDone: Int
        /// Files in the batch.
        var fileCount: Int
    }

    private struct State {
        var finishedBytes: Int64 = 0
        var running: [Int: Int64] = [:]
        var runningBytes: Int64 = 0
        var filesDone = 0
        var fileCount: Int
        var totalBytes: Int64?
    }

    private let state: Mutex<State>

    /// Counters for `fileCount` files of `totalBytes` bytes in all (nil when unknown).
    init(fileCount: Int, totalBytes: Int64?) {
        state = Mutex(State(fileCount: fileCount, totalBytes: totalBytes))
    }

    /// The file numbered `id` has moved `bytes` bytes in its current attempt.
    func update(_ id: Int, bytes: Int64) {
        state.withLock { state in
            state.runningBytes += bytes - (state.running[id] ?? 0)
            state.running[id] = bytes
        }
    }

    /// The file numbered `id` is finished; `bytes` is what it moved (its size, or 0 on failure).
    func finish(_ id: Int, bytes: Int64) {
        state.withLock { state in
            state.runningBytes -= state.running.removeValue(forKey: id) ?? 0
            state.finishedBytes += bytes
            state.filesDone += 1
        }
    }

    /// Learns the size of a file once known (single downloads), adding it to the total.
    func addToTotal(_ bytes: Int64) {
        state.withLock { state in state.totalBytes = (state.totalBytes ?? 0) + bytes }
    }

    /// The counters now.
    var snapshot: Snapshot {
        state.withLock { state in
            Snapshot(
                bytes: state.finishedBytes + state.runningBytes, totalBytes: state.totalBytes,
                filesDone: state.filesDone, fileCount: state.fileCount)
        }
    }
}
