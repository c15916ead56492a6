import Foundation
import Logging
import SQLiteNIO
import TrainingJobs

/// The jobs' log streams and events (CloudWatch Logs' model), persisted in the state database.
///
/// Records arrive from blocking reader threads into a bounded ``LogBuffer``; a writer task moves them to SQLite in
/// batches. Queries first flush what is buffered, so a reader always sees every line written before its request.
final class LogStore: Sendable {
    /// The log group SageMaker writes training jobs' logs to.
    static let trainingJobsGroup = "/aws/sagemaker/TrainingJobs"
    /// The rows per INSERT statement.
    private static let batchSize = 400

    private let database: SQLiteConnection
    /// The connection queries run on.
    var sqliteConnection: SQLiteConnection { database }
    private let buffer: LogBuffer
    private let logger: Logger
    private let flushLock = AsyncLock()
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    /// Creates a store writing to `database`, buffering at most `capacity` records.
    init(database: SQLiteConnection, capacity: Int = 20_000, logger: Logger) {
        self.database = database
        self.buffer = LogBuffer(capacity: capacity)
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Buffers one record; blocks the calling thread when the buffer is full (call only from a blocking thread).
    func append(_ record: LogRecord) {
        buffer.append(record)
        if buffer.count >= Self.batchSize { wakeUp.yield() }
    }

    /// Buffers one record unless the buffer is full; never blocks (for callers on the concurrency pool).
    func tryAppend(_ record: LogRecord) -> Bool {
        guard buffer.offer(record) else {
            wakeUp.yield()
            return false
        }
        if buffer.count >= Self.batchSize { wakeUp.yield() }
        return true
    }

    /// Moves buffered records to the database until cancelled; also flushes every `interval`.
    func runWriter(interval: Duration = .milliseconds(200)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeUp] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    wakeUp.yield()
                }
            }
            for await _ in wakeUps {
                if Task.isCancelled { break }
                do { try await flush() } catch { logger.error("writing log events failed: \(error)") }
            }
            group.cancelAll()
        }
        try? await flush()
    }

    /// Stops the writer after a last flush.
    func finish() { wakeUp.finish() }

    /// Writes everything buffered now. Flushes run one at a time, so events keep their order in the database.
    func flush() async throws {
        try await flushLock.withLock { try await self.write(self.buffer.drain()) }
    }

    private func write(_ records: [LogRecord]) async throws {
        guard !records.isEmpty else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var streams: [String: (first: Int64, last: Int64)] = [:]
        for record in records {
            let known = streams[record.stream]
            streams[record.stream] = (
                min(known?.first ?? .max, record.timestamp), max(known?.last ?? .min, record.timestamp)
            )
        }
        for (stream, span) in streams {
            _ = try await database.query(
                """
                INSERT INTO log_streams (name, job, creation_time, first_event, last_event, last_ingestion)
                VALUES (?1, ?2, ?3, ?3, ?4, ?5)
                ON CONFLICT(name) DO UPDATE SET
                    first_event = MIN(COALESCE(first_event, excluded.first_event), excluded.first_event),
                    last_event = MAX(COALESCE(last_event, excluded.last_event), excluded.last_event),
                    last_ingestion = excluded.last_ingestion
                """,
                [
                    .text(stream), .text(Self.jobName(ofStream: stream)), .integer(Int(span.first)),
                    .integer(Int(span.last)), .integer(Int(now)),
                ])
        }
        for chunk in records.chunked(into: Self.batchSize) {
            let placeholders = (0..<chunk.count).map { i in
                "(?\(4 * i + 1), ?\(4 * i + 2), ?\(4 * i + 3), ?\(4 * i + 4))"
            }
            let binds = chunk.flatMap {
                [SQLiteData.text($0.stream), .integer(Int($0.timestamp)), .integer(Int(now)), .text($0.message)]
            }
            _ = try await database.query(
                "INSERT INTO log_events (stream, timestamp, ingestion_time, message) VALUES "
                    + placeholders.joined(separator: ","), binds)
        }
    }

    /// The job a stream belongs to: the part before the last `/`.
    static func jobName(ofStream stream: String) -> String {
        guard let slash = stream.lastIndex(of: "/") else { return stream }
        return String(stream[..<slash])
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
