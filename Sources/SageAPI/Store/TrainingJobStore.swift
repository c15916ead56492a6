import Logging
import Synchronization
import TrainingJobs

/// The training jobs: held in memory for reads, written through to SQLite before any change is acknowledged.
///
/// Names are unique without regard to case, as the lower-cased ARN is. Every change gets a store-wide version, so
/// the database keeps the newest state whatever order concurrent writes land in.
final class TrainingJobStore: Sendable {
    private struct Entry {
        var job: TrainingJob
        /// The Describe response body for `job`, rendered on first use after a change.
        var renderedDescription: [UInt8]?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys in creation order.
        var creationOrder: [String] = []
        var version = 0
    }

    /// Why a write was refused.
    enum WriteError: Error {
        /// A job with that name (any case) exists; carries its ARN.
        case nameInUse(arn: String)
        /// No such job.
        case notFound
    }

    private let state = Mutex(State())
    private let database: JobDatabase

    /// Creates a store over `database`, loading its jobs.
    init(database: JobDatabase) async throws {
        self.database = database
        let (jobs, version) = try await database.loadJobs()
        state.withLock { state in
            state.version = version
            for job in jobs.sorted(by: { ($0.creationTime, $0.name) < ($1.creationTime, $1.name) }) {
                let key = Self.key(job.name)
                state.entries[key] = Entry(job: job)
                state.creationOrder.append(key)
            }
        }
    }

    private static func key(_ name: String) -> String { name.lowercased() }

    /// The number of jobs.
    var count: Int { state.withLock { $0.entries.count } }

    /// The job named `name` (any case), if there is one.
    func job(named name: String) -> TrainingJob? {
        state.withLock { $0.entries[Self.key(name)]?.job }
    }

    /// Every job that is not finished.
    func unfinishedJobs() -> [TrainingJob] {
        state.withLock { state in
            state.creationOrder.compactMap { state.entries[$0]?.job }.filter { !$0.status.isTerminal }
        }
    }

    /// Adds a new job; exactly one of several concurrent inserts of the same name wins.
    func insert(_ job: TrainingJob) async throws {
        let key = Self.key(job.name)
        let version = try state.withLock { state throws(WriteError) -> Int in
            if let existing = state.entries[key] { throw .nameInUse(arn: existing.job.arn) }
            state.version += 1
            state.entries[key] = Entry(job: job)
            var index = state.creationOrder.endIndex
            while index > 0, let previous = state.entries[state.creationOrder[index - 1]]?.job,
                (previous.creationTime, previous.name) > (job.creationTime, job.name)
            {
                index -= 1
            }
            state.creationOrder.insert(key, at: index)
            return state.version
        }
        do {
            try await database.save(job, version: version)
        } catch {
            state.withLock { state in
                state.entries[key] = nil
                state.creationOrder.removeAll { $0 == key }
            }
            throw error
        }
    }

    /// Changes the job named `name` with `change` and persists the result; returns what `change` returned.
    func update<Result: Sendable>(
        named name: String, _ change: (inout TrainingJob) throws -> Result
    ) async throws -> Result {
        let key = Self.key(name)
        let (result, snapshot, version) = try state.withLock { state in
            guard var entry = state.entries[key] else { throw WriteError.notFound }
            let result = try change(&entry.job)
            state.version += 1
            entry.renderedDescription = nil
            state.entries[key] = entry
            return (result, entry.job, state.version)
        }
        try await database.save(snapshot, version: version)
        return result
    }

    /// Removes the job named `name` when `isAllowed` approves of it; throws what `isAllowed` throws.
    func remove(named name: String, if isAllowed: (TrainingJob) throws -> Void) async throws {
        let key = Self.key(name)
        let (jobName, version) = try state.withLock { state in
            guard let entry = state.entries[key] else { throw WriteError.notFound }
            try isAllowed(entry.job)
            state.version += 1
            state.entries[key] = nil
            state.creationOrder.removeAll { $0 == key }
            return (entry.job.name, state.version)
        }
        try await database.delete(jobNamed: jobName, version: version)
    }

    /// The cached Describe body of `name`, rendering it with `render` after a change.
    func description(named name: String, render: (TrainingJob) -> [UInt8]) -> [UInt8]? {
        let key = Self.key(name)
        return state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            if let cached = entry.renderedDescription { return cached }
            let rendered = render(entry.job)
            entry.renderedDescription = rendered
            state.entries[key] = entry
            return rendered
        }
    }

    /// Runs `body` over all jobs, sorted by creation time then name, while holding the lock; keep it short.
    func withJobs<Result>(_ body: (_ jobsInCreationOrder: LazyMapCollection<[String], TrainingJob>) -> Result) -> Result
    {
        state.withLock { state in
            let entries = state.entries
            return body(state.creationOrder.lazy.map { entries[$0]!.job })
        }
    }
}
