import Foundation
import ServiceModel

/// The CloudWatch Logs operations clients use to read training logs: DescribeLogStreams, GetLogEvents and
/// FilterLogEvents, over the one log group `/aws/sagemaker/TrainingJobs`.
struct LogsOperations: Sendable {
    let logs: LogStore
    let identity: ServiceIdentity

    private static let groupNotFound = AWSServiceError(
        code: "ResourceNotFoundException", message: "The specified log group does not exist.")
    private static let streamNotFound = AWSServiceError(
        code: "ResourceNotFoundException", message: "The specified log stream does not exist.")

    static func invalidParameter(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "InvalidParameterException", message: message)
    }

    func checkGroup(_ input: JSONValue) throws(AWSServiceError) {
        var group = input["logGroupName"]?.stringValue ?? input["logGroupIdentifier"]?.stringValue
        if let identifier = group, identifier.hasPrefix("arn:") {
            group = identifier.components(separatedBy: ":log-group:").last.map {
                $0.replacingOccurrences(of: ":*", with: "")
            }
        }
        guard let group else { throw Self.invalidParameter("Either logGroupName or logGroupIdentifier must be given.") }
        guard group == LogStore.trainingJobsGroup else { throw Self.groupNotFound }
    }

    private func streamARN(_ stream: String) -> String {
        "arn:aws:logs:\(identity.region):\(identity.account):log-group:\(LogStore.trainingJobsGroup):log-stream:\(stream)"
    }

    /// DescribeLogStreams.
    func describeLogStreams(_ input: JSONValue) async throws -> JSONValue {
        try checkGroup(input)
        let prefix = input["logStreamNamePrefix"]?.stringValue ?? ""
        let byLastEvent = input["orderBy"]?.stringValue == "LastEventTime"
        if byLastEvent, !prefix.isEmpty {
            throw Self.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
        }
        let limit = Int(input["limit"]?.int64Value ?? 50)
        let after = input["nextToken"]?.stringValue.flatMap { Data(base64Encoded: $0) }.flatMap {
            String(data: $0, encoding: .utf8)
        }
        if input["nextToken"] != nil, after == nil {
            throw Self.invalidParameter("The specified nextToken is invalid.")
        }
        let streams = try await logs.streams(
            prefix: prefix, after: after, descending: input["descending"]?.boolValue ?? false,
            byLastEvent: byLastEvent, limit: limit + 1)
        let page = streams.prefix(limit)
        var response: [String: JSONValue] = [
            "logStreams": .array(
                page.map { stream in
                    var entry: [String: JSONValue] = [
                        "logStreamName": .string(stream.name),
                        "creationTime": .int(stream.creationTime),
                        "arn": .string(streamARN(stream.name)),
                        "storedBytes": 0,
                    ]
                    if let first = stream.firstEventTimestamp { entry["firstEventTimestamp"] = .int(first) }
                    if let last = stream.lastEventTimestamp { entry["lastEventTimestamp"] = .int(last) }
                    if let ingestion = stream.lastIngestionTime { entry["lastIngestionTime"] = .int(ingestion) }
                    return .object(entry)
                })
        ]
        if streams.count > limit, let last = page.last {
            response["nextToken"] = .string(Data(last.name.utf8).base64EncodedString())
        }
        return .object(response)
    }

    /// GetLogEvents: `f/<id>` and `b/<id>` tokens move forward and backward through one stream.
    func getLogEvents(_ input: JSONValue) async throws -> JSONValue {
        try checkGroup(input)
        let stream = input["logStreamName"]?.stringValue ?? ""
        guard try await logs.streamExists(stream) else { throw Self.streamNotFound }
        let limit = Int(input["limit"]?.int64Value ?? 10_000)
        var forward = input["startFromHead"]?.boolValue ?? false
        var cursor: Int64?
        if let token = input["nextToken"]?.stringValue {
            guard let parsed = Self.parse(token: token) else {
                throw Self.invalidParameter("The specified nextToken is invalid.")
            }
            (forward, cursor) = parsed
        }
        let events = try await logs.events(
            stream: stream, cursor: cursor, forward: forward,
            startTime: input["startTime"]?.int64Value, endTime: input["endTime"]?.int64Value, limit: limit)
        let forwardPosition = events.last?.id ?? (forward ? cursor ?? 0 : (cursor ?? 1) - 1)
        let backwardPosition = events.first?.id ?? (forward ? (cursor ?? 0) + 1 : cursor ?? 1)
        return [
            "events": .array(
                events.map { event in
                    .object([
                        "timestamp": .int(event.timestamp), "message": .string(event.message),
                        "ingestionTime": .int(event.ingestionTime),
                    ])
                }),
            "nextForwardToken": .string(Self.token(forward: true, position: forwardPosition)),
            "nextBackwardToken": .string(Self.token(forward: false, position: backwardPosition)),
        ]
    }

    static func token(forward: Bool, position: Int64) -> String {
        let digits = String(max(0, position))
        return (forward ? "f/" : "b/") + String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    static func parse(token: String) -> (forward: Bool, position: Int64)? {
        guard token.count > 2, let position = Int64(token.dropFirst(2)) else { return nil }
        if token.hasPrefix("f/") { return (true, position) }
        if token.hasPrefix("b/") { return (false, position) }
        return nil
    }
}
