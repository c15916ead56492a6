import Logging
import Synchronization
import TrainingJobs

/// The training jobs: held in memory for reads, written through to their records (the SQLite database, or the
/// cluster) before any change is acknowledged.
///
/// Names are unique without regard to case, as the lower-cased ARN is. Each job carries its record's revision:
/// writes are optimistic (``TrainingJobRecords``) and re-applied after losing to another writer, and changes
/// other writers make come in through ``apply(_:)-swift.method``. Listing works on a compact,
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

    /// How often a write re-reads and re-applies after losing to another writer before giving up.
    static let maximumWriteAttempts = 16

    private let state = Mutex(State())
    private let renderedDescriptions = Mutex([String: (version: Int, body: [UInt8])]())
    private let records: any TrainingJobRecords

    /// Creates a store over `records`, loading its jobs.
    init(records: any TrainingJobRecords) async throws {
        self.records = records
        let jobs = try await records.loadAll()
        state.withLock { state in
            for stored in jobs.sorted(by: { ($0.job.creationTime, $0.job.name) < ($1.job.creationTime, $1.job.name) }) {
                state.entries[Self.key(stored.job.name)] = Entry(job: stored.job, version: stored.revision)
                state.listing.append(JobListingEntry(stored.job))
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

    /// Adds a new job; exactly one of several concurrent inserts of the same name wins (across every writer of
    /// the records).
    func insert(_ job: TrainingJob) async throws {
        let key = Self.key(job.name)
        try state.withLock { state throws(WriteError) in
            if let existing = state.entries[key] { throw .nameInUse(arn: existing.job.arn) }
            state.entries[key] = Entry(job: job, version: 0)
            state.insertListing(JobListingEntry(job))
        }
        do {
            let revision = try await records.create(job)
            state.withLock { state in
                if state.entries[key]?.version == 0 { state.entries[key]?.version = revision }
            }
        } catch {
            state.withLock { state in
                guard state.entries[key]?.version == 0 else { return }
                state.entries[key] = nil
                state.listing.removeAll { $0.key == key }
            }
            if case TrainingJobRecordError.nameInUse(let arn) = error { throw WriteError.nameInUse(arn: arn) }
            throw error
        }
    }

    /// Changes the job named `name` with `change` and persists the result; returns what `change` returned.
    ///
    /// `change` may run more than once: when another writer changed the record first, it is applied again to the
    /// newer job. Nothing is written when it changes nothing.
    func update<Result: Sendable>(
        named name: String, _ change: (inout TrainingJob) throws -> Result
    ) async throws -> Result {
        try await writing(named: name) { entry in
            var job = entry.job
            let result = try change(&job)
            if job == entry.job { return result }
            let revision = try await records.replace(job, revision: entry.version)
            apply(RevisedTrainingJob(job: job, revision: revision))
            return result
        }
    }

    /// Removes the job named `name` when `isAllowed` approves of it; throws what `isAllowed` throws.
    func remove(named name: String, if isAllowed: (TrainingJob) throws -> Void) async throws {
        try await writing(named: name) { entry in
            try isAllowed(entry.job)
            try await records.delete(entry.job, revision: entry.version)
            forget(Self.key(name))
        }
    }

    /// Runs `write` on the job's current entry; when another writer changed the record first, takes in the newer
    /// record and runs it again (a bounded number of times).
    private func writing<Result>(
        named name: String, _ write: (Entry) async throws -> Result
    ) async throws -> Result {
        let key = Self.key(name)
        for _ in 0..<Self.maximumWriteAttempts {
            guard let entry = state.withLock({ $0.entries[key] }) else { throw WriteError.notFound }
            do {
                return try await write(entry)
            } catch TrainingJobRecordError.conflict(let current) {
                guard let current else {
                    forget(key)
                    throw WriteError.notFound
                }
                apply(current)
            }
        }
        throw TrainingJobRecordError.conflict(current: nil)
    }

    /// Takes in a job as the records hold it, unless the store already has that revision or a newer one.
    func apply(_ stored: RevisedTrainingJob) {
        let key = Self.key(stored.job.name)
        state.withLock { state in
            if let entry = state.entries[key] {
                guard entry.version != 0, entry.version < stored.revision else { return }
                state.entries[key] = Entry(job: stored.job, version: stored.revision)
                state.updateListing(stored.job)
            } else {
                state.entries[key] = Entry(job: stored.job, version: stored.revision)
                state.insertListing(JobListingEntry(stored.job))
            }
        }
    }

    /// Applies a change another writer made to the records.
    func apply(_ change: TrainingJobRecordChange) {
        switch change {
        case .updated(let stored):
            apply(stored)
        case .deleted(let name, let revision):
            let key = Self.key(name)
            let isStale = state.withLock { ($0.entries[key].map { $0.version != 0 && $0.version < revision }) ?? false }
            if isStale { forget(key) }
        case .resync(let jobs):
            let present = Set(jobs.map { Self.key($0.job.name) })
            let highest = jobs.map(\.revision).max() ?? 0
            jobs.forEach { apply($0) }
            let vanished = state.withLock { state in
                state.entries.filter {
                    !present.contains($0.key) && $0.value.version != 0 && $0.value.version <= highest
                }
                .map(\.key)
            }
            vanished.forEach(forget)
        }
    }

    /// The changes other writers make, for the platform to feed back through ``apply(_:)-swift.method``.
    func externalChanges() -> AsyncStream<TrainingJobRecordChange>? { records.changes() }

    private func forget(_ key: String) {
        state.withLock { state in
            state.entries[key] = nil
            state.listing.removeAll { $0.key == key }
        }
        renderedDescriptions.withLock { _ = $0.removeValue(forKey: key) }
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
