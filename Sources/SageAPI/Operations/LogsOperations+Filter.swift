import Foundation
import ServiceModel

extension LogsOperations {
    /// The most stored events one FilterLogEvents call examines before answering with a token.
    static let scanBudget = 20_000

    /// FilterLogEvents: events of the group's streams (by name or prefix) matching a pattern, oldest first.
    func filterLogEvents(_ input: JSONValue) async throws -> JSONValue {
        try checkGroup(input)
        let names = input["logStreamNames"]?.arrayValue?.compactMap(\.stringValue)
        let prefix = input["logStreamNamePrefix"]?.stringValue
        if names != nil, prefix != nil {
            throw Self.invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive.")
        }
        let pattern: LogFilterPattern
        do {
            pattern = try LogFilterPattern(input["filterPattern"]?.stringValue ?? "")
        } catch {
            throw Self.invalidParameter(
                "Only term, phrase, ?optional and -excluded filter patterns are supported: \(error.pattern)")
        }
        let limit = Int(input["limit"]?.int64Value ?? 10_000)
        var cursor: (timestamp: Int64, id: Int64)?
        if let token = input["nextToken"]?.stringValue {
            let parts = token.split(separator: "-")
            guard parts.count == 2, let timestamp = Int64(parts[0]), let id = Int64(parts[1]) else {
                throw Self.invalidParameter("The specified nextToken is invalid.")
            }
            cursor = (timestamp, id)
        }
        var matched: [StoredLogEvent] = []
        var scanned = 0
        var exhausted = false
        scanning: while scanned < Self.scanBudget {
            let requested = min(1_000, Self.scanBudget - scanned)
            let batch = try await logs.events(
                inStreams: names, prefix: prefix, after: cursor, startTime: input["startTime"]?.int64Value,
                endTime: input["endTime"]?.int64Value, limit: requested)
            scanned += batch.count
            for event in batch {
                cursor = (event.timestamp, event.id)
                if pattern.matches(event.message) {
                    matched.append(event)
                    if matched.count == limit { break scanning }
                }
            }
            if batch.count < requested {
                exhausted = true
                break
            }
        }
        var response: [String: JSONValue] = [
            "events": .array(
                matched.map { event in
                    .object([
                        "logStreamName": .string(event.stream), "timestamp": .int(event.timestamp),
                        "message": .string(event.message), "ingestionTime": .int(event.ingestionTime),
                        "eventId": .string(String(event.id)),
                    ])
                }),
            "searchedLogStreams": .array(
                Set(matched.map(\.stream)).sorted().map {
                    .object(["logStreamName": .string($0), "searchedCompletely": .bool(exhausted)])
                }),
        ]
        if !exhausted, let cursor { response["nextToken"] = .string("\(cursor.timestamp)-\(cursor.id)") }
        return .object(response)
    }
}
