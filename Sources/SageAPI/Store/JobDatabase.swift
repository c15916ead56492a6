import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import ServiceModel
import TrainingJobs

/// The SQLite database under the state directory: job records and log events.
///
/// Every call runs on a thread pool (sqlite-nio's), never on an event loop or the concurrency pool.
/// Job rows carry a revision; a write names the revision it read (``TrainingJobRecords``), so concurrent writers
/// can never bring back stale state, and a deleted job leaves a tombstone until the next start.
final class JobDatabase: TrainingJobRecords {
    private let connection: SQLiteConnection
    private let logger: Logger

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    static func open(path: String, logger: Logger) async throws -> JobDatabase {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        let database = JobDatabase(connection: connection, logger: logger)
        for statement in schema { _ = try await connection.query(statement, []) }
        return database
    }

    private static let schema = [
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=OFF",
        """
        CREATE TABLE IF NOT EXISTS jobs (
            name TEXT PRIMARY KEY, version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS log_streams (
            name TEXT PRIMARY KEY, job TEXT NOT NULL, creation_time INTEGER NOT NULL,
            first_event INTEGER, last_event INTEGER, last_ingestion INTEGER)
        """,
        "CREATE INDEX IF NOT EXISTS log_streams_job ON log_streams(job, name)",
        """
        CREATE TABLE IF NOT EXISTS log_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, timestamp INTEGER NOT NULL,
            ingestion_time INTEGER NOT NULL, message TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS log_events_stream ON log_events(stream, id)",
    ]

    /// Every live job with its revision, after removing the tombstones of deleted ones.
    func loadAll() async throws -> [RevisedTrainingJob] {
        _ = try await connection.query("DELETE FROM jobs WHERE deleted = 1", [])
        let rows = try await connection.query("SELECT name, version, record FROM jobs", [])
        return rows.compactMap { row in
            guard let job = Self.job(in: row) else {
                logger.error(
                    "unreadable job record skipped",
                    metadata: ["training-job.name": "\(row.column("name")?.string ?? "?")"])
                return nil
            }
            return RevisedTrainingJob(job: job, revision: row.column("version")?.integer ?? 0)
        }
    }

    /// Inserts `job` at revision 1 (or over a tombstone); the caller has checked the name is free.
    func create(_ job: TrainingJob) async throws -> Int {
        let rows = try await connection.query(
            """
            INSERT INTO jobs (name, version, deleted, record) VALUES (?1, 1, 0, ?2)
            ON CONFLICT(name) DO UPDATE SET version = jobs.version + 1, deleted = 0, record = excluded.record
            WHERE jobs.deleted = 1
            RETURNING version
            """,
            [.text(job.name), .text(job.storedRepresentation.jsonString)])
        guard let revision = rows.first?.column("version")?.integer else {
            throw TrainingJobRecordError.nameInUse(arn: job.arn)
        }
        return revision
    }

    /// Replaces `job`'s row if it is still at `revision`.
    func replace(_ job: TrainingJob, revision: Int) async throws -> Int {
        let rows = try await connection.query(
            """
            UPDATE jobs SET version = version + 1, record = ?3 WHERE name = ?1 AND version = ?2 AND deleted = 0
            RETURNING version
            """,
            [.text(job.name), .integer(revision), .text(job.storedRepresentation.jsonString)])
        guard let newRevision = rows.first?.column("version")?.integer else { throw try await conflict(job.name) }
        return newRevision
    }

    /// Marks `job` deleted if it is still at `revision`, and drops its logs. The tombstone goes at the next start.
    func delete(_ job: TrainingJob, revision: Int) async throws {
        let rows = try await connection.query(
            """
            UPDATE jobs SET deleted = 1, version = version + 1, record = '{}'
            WHERE name = ?1 AND version = ?2 AND deleted = 0
            RETURNING version
            """, [.text(job.name), .integer(revision)])
        guard !rows.isEmpty else { throw try await conflict(job.name) }
        try await deleteLogs(ofJob: job.name)
    }

    /// Only this process writes the database.
    func changes() -> AsyncStream<TrainingJobRecordChange>? { nil }

    private func conflict(_ name: String) async throws -> TrainingJobRecordError {
        let rows = try await connection.query(
            "SELECT name, version, record FROM jobs WHERE name = ?1 AND deleted = 0", [.text(name)])
        guard let row = rows.first, let job = Self.job(in: row) else { return .conflict(current: nil) }
        return .conflict(current: RevisedTrainingJob(job: job, revision: row.column("version")?.integer ?? 0))
    }

    private static func job(in row: SQLiteRow) -> TrainingJob? {
        guard let text = row.column("record")?.string, let document = try? JSONValue(parsing: text) else { return nil }
        return TrainingJob(storedRepresentation: document)
    }

    /// Drops the log streams and events of `job`.
    func deleteLogs(ofJob job: String) async throws {
        _ = try await connection.query(
            "DELETE FROM log_events WHERE stream IN (SELECT name FROM log_streams WHERE job = ?1)", [.text(job)])
        _ = try await connection.query("DELETE FROM log_streams WHERE job = ?1", [.text(job)])
    }

    /// Closes the connection.
    func close() async {
        do { try await connection.close() } catch { logger.error("closing the database failed: \(error)") }
    }

    /// The underlying connection, for the log store's queries.
    var sqlite: SQLiteConnection { connection }
}
