import SQLiteNIO

/// A log stream as DescribeLogStreams reports it.
struct LogStreamInfo: Sendable, Equatable {
    var name: String
    var creationTime: Int64
    var firstEventTimestamp: Int64?
    var lastEventTimestamp: Int64?
    var lastIngestionTime: Int64?
}

/// One stored log event.
struct StoredLogEvent: Sendable, Equatable {
    var id: Int64
    var stream: String
    var timestamp: Int64
    var ingestionTime: Int64
    var message: String
}

extension LogStore {
    /// The streams whose names start with `prefix`, by name, after `afterName`; at most `limit`.
    func streams(
        prefix: String, after afterName: String?, descending: Bool, byLastEvent: Bool, limit: Int
    ) async throws -> [LogStreamInfo] {
        try await flush()
        var conditions = ["substr(name, 1, length(?1)) = ?1"]
        var binds: [SQLiteData] = [.text(prefix)]
        if let afterName {
            conditions.append(descending ? "name < ?2" : "name > ?2")
            binds.append(.text(afterName))
        }
        let order =
            byLastEvent
            ? "COALESCE(last_event, creation_time) \(descending ? "DESC" : "ASC"), name"
            : "name \(descending ? "DESC" : "ASC")"
        let rows = try await sqliteConnection.query(
            """
            SELECT name, creation_time, first_event, last_event, last_ingestion FROM log_streams
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT \(limit)
            """, binds)
        return rows.map { row in
            LogStreamInfo(
                name: row.column("name")?.string ?? "",
                creationTime: Int64(row.column("creation_time")?.integer ?? 0),
                firstEventTimestamp: row.column("first_event")?.integer.map(Int64.init),
                lastEventTimestamp: row.column("last_event")?.integer.map(Int64.init),
                lastIngestionTime: row.column("last_ingestion")?.integer.map(Int64.init))
        }
    }

    /// The timestamp of the latest event stored in `stream`, nil for a stream with none.
    func lastEventTimestamp(ofStream stream: String) async throws -> Int64? {
        try await flush()
        let rows = try await sqliteConnection.query(
            "SELECT last_event FROM log_streams WHERE name = ?1", [.text(stream)])
        return rows.first?.column("last_event")?.integer.map(Int64.init)
    }

    /// Whether a stream exists.
    func streamExists(_ name: String) async throws -> Bool {
        try await flush()
        return try await !sqliteConnection.query("SELECT 1 FROM log_streams WHERE name = ?1", [.text(name)]).isEmpty
    }

    /// Events of one stream with `id` after (forward) or before (backward) `cursor`, within the time range.
    func events(
        stream: String, cursor: Int64?, forward: Bool, startTime: Int64?, endTime: Int64?, limit: Int
    ) async throws -> [StoredLogEvent] {
        try await flush()
        var conditions = ["stream = ?1"]
        var binds: [SQLiteData] = [.text(stream)]
        if let cursor {
            conditions.append(forward ? "id > ?\(binds.count + 1)" : "id < ?\(binds.count + 1)")
            binds.append(.integer(Int(cursor)))
        }
        if let startTime {
            conditions.append("timestamp >= ?\(binds.count + 1)")
            binds.append(.integer(Int(startTime)))
        }
        if let endTime {
            conditions.append("timestamp < ?\(binds.count + 1)")
            binds.append(.integer(Int(endTime)))
        }
        let rows = try await sqliteConnection.query(
            """
            SELECT id, stream, timestamp, ingestion_time, message FROM log_events
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY id \(forward ? "ASC" : "DESC") LIMIT \(limit)
            """, binds)
        let events = rows.map(Self.event(from:))
        return forward ? events : events.reversed()
    }

    /// Events of the streams matching `streamNames` or `prefix`, ordered by (timestamp, id), after `cursor`.
    func events(
        inStreams streamNames: [String]?, prefix: String?, after cursor: (timestamp: Int64, id: Int64)?,
        startTime: Int64?, endTime: Int64?, limit: Int
    ) async throws -> [StoredLogEvent] {
        try await flush()
        var conditions: [String] = []
        var binds: [SQLiteData] = []
        func bind(_ value: SQLiteData) -> String {
            binds.append(value)
            return "?\(binds.count)"
        }
        if let streamNames {
            conditions.append("stream IN (\(streamNames.map { bind(.text($0)) }.joined(separator: ",")))")
        }
        if let prefix, !prefix.isEmpty {
            let p = bind(.text(prefix))
            conditions.append("substr(stream, 1, length(\(p))) = \(p)")
        }
        if let cursor {
            let t = bind(.integer(Int(cursor.timestamp)))
            let i = bind(.integer(Int(cursor.id)))
            conditions.append("(timestamp > \(t) OR (timestamp = \(t) AND id > \(i)))")
        }
        if let startTime { conditions.append("timestamp >= \(bind(.integer(Int(startTime))))") }
        if let endTime { conditions.append("timestamp < \(bind(.integer(Int(endTime))))") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try await sqliteConnection.query(
            """
            SELECT id, stream, timestamp, ingestion_time, message FROM log_events \(whereClause)
            ORDER BY timestamp, id LIMIT \(limit)
            """, binds)
        return rows.map(Self.event(from:))
    }

    private static func event(from row: SQLiteRow) -> StoredLogEvent {
        StoredLogEvent(
            id: Int64(row.column("id")?.integer ?? 0),
            stream: row.column("stream")?.string ?? "",
            timestamp: Int64(row.column("timestamp")?.integer ?? 0),
            ingestionTime: Int64(row.column("ingestion_time")?.integer ?? 0),
            message: row.column("message")?.string ?? "")
    }
}
