import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import ServiceModel
import TrainingJobs

/// The SQLite database under the state directory: job records and log events.
///
/// Every call runs on a thread pool (sqlite-nio's), never on an event loop or the concurrency pool.
/// Job rows carry a store-wide version; a write only replaces an older version, so concurrent writers can
/// never bring back stale state, and a deleted job leaves a tombstone until the next start.
final class JobDatabase: Sendable {
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

    /// Every live job, after removing the tombstones of deleted ones; also returns the highest version seen.
    func loadJobs() async throws -> (jobs: [TrainingJob], version: Int) {
        _ = try await connection.query("DELETE FROM jobs WHERE deleted = 1", [])
        let rows = try await connection.query("SELECT name, version, record FROM jobs", [])
        var jobs: [TrainingJob] = []
        var version = 0
        for row in rows {
            version = max(version, row.column("version")?.integer ?? 0)
            guard let text = row.column("record")?.string,
                let document = try? JSONValue(parsing: text),
                let job = TrainingJob(storedRepresentation: document)
            else {
                logger.error(
                    "unreadable job record skipped",
                    metadata: ["training-job.name": "\(row.column("name")?.string ?? "?")"])
                continue
            }
            jobs.append(job)
        }
        let maxRows = try await connection.query("SELECT COALESCE(MAX(version), 0) AS v FROM jobs", [])
        version = max(version, maxRows.first?.column("v")?.integer ?? 0)
        return (jobs, version)
    }

    /// Writes `job` at `version`, unless the row already holds a newer version.
    func save(_ job: TrainingJob, version: Int) async throws {
        _ = try await connection.query(
            """
            INSERT INTO jobs (name, version, deleted, record) VALUES (?1, ?2, 0, ?3)
            ON CONFLICT(name) DO UPDATE SET version = excluded.version, deleted = 0, record = excluded.record
            WHERE excluded.version > jobs.version
            """,
            [.text(job.name), .integer(version), .text(job.storedRepresentation.jsonString)])
    }

    /// Marks `name` deleted at `version` and drops its logs.
    func delete(jobNamed name: String, version: Int) async throws {
        _ = try await connection.query(
            """
            UPDATE jobs SET deleted = 1, version = ?2, record = '{}' WHERE name = ?1 AND version < ?2
            """, [.text(name), .integer(version)])
        try await deleteLogs(ofJob: name)
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
