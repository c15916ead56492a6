import Logging
import Synchronization
import TrainingJobs

/// The training jobs: held in memory for reads, written through to SQLite before any change is acknowledged.
///
/// Names are unique without regard to case, as the lower-cased ARN is. Every change gets a store-wide version, so
/// the database keeps the newest state whatever order concurrent writes land in. Listing works on a compact,
/// creation-ordered array of ``JobListingEntry`` copied out of the lock, so a slow listing never holds up other
/// requests; rendered Describe bodies live in a cache of their own, keyed by the job's version.
final class TrainingJobStore: Sendable {
    private struct Entry {
        var job: TrainingJob
        var version: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Listing entries sorted by creation time, then name.
        var listing: [JobListingEntry] = []
        var version = 0

        mutating func insertListing(_ entry: JobListingEntry) {
            var index = listing.endIndex
            while index > 0,
                (listing[index - 1].creationTime, listing[index - 1].name) > (entry.creationTime, entry.name)
            {
                index -= 1
            }
            listing.insert(entry, at: index)
        }

        /// Refreshes the job's entry, found by binary search: creation time and name never change.
        mutating func updateListing(_ job: TrainingJob) {
            var low = 0
            var high = listing.count
            while low < high {
                let middle = (low + high) / 2
                if (listing[middle].creationTime, listing[middle].name) < (job.creationTime, job.name) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            guard low < listing.count, listing[low].name == job.name else { return }
            let entry = JobListingEntry(job)
            if listing[low] != entry { listing[low] = entry }
        }
    }

    /// Why a write was refused.
    enum WriteError: Error {
        /// A job with that name (any case) exists; carries its ARN.
        case nameInUse(arn: String)
        /// No such job.
        case notFound
    }

    private let state = Mutex(State())
    private let renderedDescriptions = Mutex([String: (version: Int, body: [UInt8])]())
    private let database: JobDatabase

    /// Creates a store over `database`, loading its jobs.
    init(database: JobDatabase) async throws {
        self.database = database
        let (jobs, version) = try await database.loadJobs()
        state.withLock { state in
            state.version = version
            for job in jobs.sorted(by: { ($0.creationTime, $0.name) < ($1.creationTime, $1.name) }) {
                state.entries[Self.key(job.name)] = Entry(job: job, version: version)
                state.listing.append(JobListingEntry(job))
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
            state.listing.compactMap { state.entries[$0.key]?.job }.filter { !$0.status.isTerminal }
        }
    }

    /// Adds a new job; exactly one of several concurrent inserts of the same name wins.
    func insert(_ job: TrainingJob) async throws {
        let key = Self.key(job.name)
        let version = try state.withLock { state throws(WriteError) -> Int in
            if let existing = state.entries[key] { throw .nameInUse(arn: existing.job.arn) }
            state.version += 1
            state.entries[key] = Entry(job: job, version: state.version)
            state.insertListing(JobListingEntry(job))
            return state.version
        }
        do {
            try await database.save(job, version: version)
        } catch {
            state.withLock { state in
                state.entries[key] = nil
                state.listing.removeAll { $0.key == key }
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
            entry.version = state.version
            state.entries[key] = entry
            state.updateListing(entry.job)
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
            state.listing.removeAll { $0.key == key }
            return (entry.job.name, state.version)
        }
        renderedDescriptions.withLock { _ = $0.removeValue(forKey: key) }
        try await database.delete(jobNamed: jobName, version: version)
    }

    /// The Describe body of `name`, rendered with `render` once per version of the job.
    func description(named name: String, render: (TrainingJob) -> [UInt8]) -> [UInt8]? {
        let key = Self.key(name)
        guard let entry = state.withLock({ $0.entries[key] }) else { return nil }
        if let cached = renderedDescriptions.withLock({ $0[key] }), cached.version == entry.version {
            return cached.body
        }
        let body = render(entry.job)
        renderedDescriptions.withLock { cache in
            if (cache[key]?.version ?? -1) < entry.version { cache[key] = (entry.version, body) }
        }
        return body
    }

    /// The listing entries, sorted by creation time then name: a copy, to filter and sort outside the lock.
    func listingEntries() -> [JobListingEntry] {
        state.withLock { $0.listing }
    }

    /// The jobs with the given store keys (lower-cased names), in that order, skipping any deleted meanwhile.
    func jobs(withKeys keys: [String]) -> [TrainingJob] {
        state.withLock { state in keys.compactMap { state.entries[$0]?.job } }
    }
}
