import Foundation
import TrainingJobs

/// A bounded hand-off of log records from the processes' reader threads to the database writer.
///
/// `append` blocks its (reader) thread while the buffer is full, which stops the reader, fills the process's pipe and
/// so slows the algorithm down instead of growing memory without bound. It is never called from the concurrency pool.
final class LogBuffer: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var records: [LogRecord] = []
    private let capacity: Int
    private var waitingForSpace = 0

    /// Creates a buffer holding at most `capacity` records.
    init(capacity: Int) {
        self.capacity = capacity
        records.reserveCapacity(min(capacity, 4096))
    }

    /// Adds a record, blocking the calling thread while the buffer is full.
    func append(_ record: LogRecord) {
        condition.lock()
        while records.count >= capacity {
            waitingForSpace += 1
            condition.wait()
            waitingForSpace -= 1
        }
        records.append(record)
        condition.unlock()
    }

    /// Adds a record unless the buffer is full; never blocks.
    func offer(_ record: LogRecord) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard records.count < capacity else { return false }
        records.append(record)
        return true
    }

    /// Takes everything buffered, waking writers that waited for space.
    func drain() -> [LogRecord] {
        condition.lock()
        let taken = records
        records.removeAll(keepingCapacity: true)
        if waitingForSpace > 0 { condition.broadcast() }
        condition.unlock()
        return taken
    }

    /// The number of records waiting.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return records.count
    }
}
