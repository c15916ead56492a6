/// Where training jobs are kept durably: the server's own database, or the cluster that runs them.
///
/// Every record has a revision that grows with each write. Writes are optimistic: a replace or delete names the
/// revision it read and fails with ``TrainingJobRecordError/conflict(current:)`` when another writer got there
/// first, so that the caller re-applies its change to the newer record. Several servers can then share one
/// storage (two replicas over one cluster) without losing each other's updates.
public protocol TrainingJobRecords: Sendable {
    /// Every job, with its revision.
    func loadAll() async throws -> [RevisedTrainingJob]
    /// Stores a new job and returns its revision; ``TrainingJobRecordError/nameInUse(arn:)`` when the name (any
    /// case) is taken.
    func create(_ job: TrainingJob) async throws -> Int
    /// Replaces the job's record, read at `revision`, with `job`; returns the new revision.
    func replace(_ job: TrainingJob, revision: Int) async throws -> Int
    /// Removes the job's record, read at `revision`.
    func delete(_ job: TrainingJob, revision: Int) async throws
    /// The changes other writers make, for a storage that has other writers; nil for one only this process writes.
    /// The sequence ends when the task iterating it is cancelled.
    func changes() -> AsyncStream<TrainingJobRecordChange>?
}

/// A job and the revision of its record.
public struct RevisedTrainingJob: Sendable, Equatable {
    /// The job.
    public var job: TrainingJob
    /// The record's revision.
    public var revision: Int

    /// Pairs `job` with `revision`.
    public init(job: TrainingJob, revision: Int) {
        self.job = job
        self.revision = revision
    }
}

/// Why a record write was refused.
public enum TrainingJobRecordError: Error, Sendable, Equatable {
    /// A job with that name (any case) exists; carries its ARN.
    case nameInUse(arn: String)
    /// The record changed since it was read: `current` is what it is now, nil when it was deleted.
    case conflict(current: RevisedTrainingJob?)
}

/// A change to the stored jobs seen by a ``TrainingJobRecords/changes()`` sequence.
public enum TrainingJobRecordChange: Sendable, Equatable {
    /// A job was created or changed.
    case updated(RevisedTrainingJob)
    /// The job named `name` was deleted at `revision`.
    case deleted(name: String, revision: Int)
    /// Every job as it is now (after the change feed lost track): jobs not in the list are gone.
    case resync([RevisedTrainingJob])
}
