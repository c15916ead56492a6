import HummingbirdTesting
import ServiceModel
import Testing
import TrainingJobs

@testable import SageAPI

@Suite("CloudWatch Logs subset")
struct LogsAPITests {
    @Test func streamsEventsPagingAndFilters() async throws {
        let state = TemporaryDirectory()
        let configuration = SageAPIConfiguration(stateDirectory: state.path)
        let platform = try await TrainingPlatform.open(
            configuration: configuration, backend: ScriptedBackend(), logger: testLogger())
        for index in 1...5 {
            platform.logs.append(
                LogRecord(
                    stream: "logjob/algo-1-100", timestamp: Int64(index * 1000),
                    message: "line \(index) \(index % 2 == 0 ? "even" : "odd")"))
        }
        platform.logs.append(LogRecord(stream: "logjob/algo-2-100", timestamp: 2500, message: "second host even"))
        platform.logs.append(LogRecord(stream: "other/algo-1-100", timestamp: 2500, message: "other job"))
        let app = SageAPIServer.makeApplication(platform: platform, configuration: configuration, logger: testLogger())
        try await app.test(.router) { client in
            let group: JSONValue = .string(LogStore.trainingJobsGroup)
            let streams = try await client.call(
                "Logs_20140328.DescribeLogStreams", ["logGroupName": group, "logStreamNamePrefix": "logjob/"])
            #expect(
                streams.body["logStreams"]?.arrayValue?.compactMap { $0["logStreamName"]?.stringValue } == [
                    "logjob/algo-1-100", "logjob/algo-2-100",
                ])
            #expect(streams.body["logStreams"]?.arrayValue?.first?["lastEventTimestamp"] == 5000)

            var token: JSONValue?
            var messages: [String] = []
            for _ in 0..<4 {
                var request: [String: JSONValue] = [
                    "logGroupName": group, "logStreamName": "logjob/algo-1-100", "limit": 2, "startFromHead": true,
                ]
                if let token { request["nextToken"] = token }
                let page = try await client.call("Logs_20140328.GetLogEvents", .object(request))
                messages += page.body["events"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
                #expect(page.body["nextForwardToken"] != nil)
                if page.body["nextForwardToken"] == token { break }
                token = page.body["nextForwardToken"]
            }
            #expect(messages == (1...5).map { "line \($0) \($0 % 2 == 0 ? "even" : "odd")" })

            let latest = try await client.call(
                "Logs_20140328.GetLogEvents", ["logGroupName": group, "logStreamName": "logjob/algo-1-100", "limit": 2])
            #expect(
                latest.body["events"]?.arrayValue?.compactMap { $0["message"]?.stringValue } == [
                    "line 4 even", "line 5 odd",
                ])

            let filtered = try await client.call(
                "Logs_20140328.FilterLogEvents",
                ["logGroupName": group, "logStreamNamePrefix": "logjob/", "filterPattern": "even"])
            #expect(
                filtered.body["events"]?.arrayValue?.compactMap { $0["message"]?.stringValue } == [
                    "line 2 even", "second host even", "line 4 even",
                ])

            let missingGroup = try await client.call("Logs_20140328.DescribeLogStreams", ["logGroupName": "/nope"])
            #expect(missingGroup.errorCode == "ResourceNotFoundException")
            let missingStream = try await client.call(
                "Logs_20140328.GetLogEvents", ["logGroupName": group, "logStreamName": "nope"])
            #expect(missingStream.errorCode == "ResourceNotFoundException")
            let badLimit = try await client.call(
                "Logs_20140328.GetLogEvents", ["logGroupName": group, "logStreamName": "x", "limit": 0])
            #expect(badLimit.errorCode == "InvalidParameterException")
        }
        await platform.close()
    }

    @Test(arguments: [
        ("ERROR", "an ERROR here", true), ("ERROR", "an error here", false),
        ("ERROR Exception", "ERROR: Exception", true), ("ERROR Exception", "ERROR only", false),
        ("\"epoch 1\"", "epoch 1 done", true), ("?WARN ?ERROR", "WARN x", true), ("?WARN ?ERROR", "INFO", false),
        ("ERROR -retry", "ERROR retry", false), ("", "anything", true),
    ])
    func filterPatterns(pattern: String, message: String, matches: Bool) throws {
        #expect(try LogFilterPattern(pattern).matches(message) == matches)
    }

    @Test func jsonPatternsAreRefused() {
        #expect(throws: LogFilterPattern.Unsupported.self) { try LogFilterPattern("{ $.level = \"x\" }") }
    }
}

@Suite("Log store batches")
struct LogStoreBatchTests {
    @Test func aFlushOfManyBatchesKeepsEveryLineInOrder() async throws {
        let state = TemporaryDirectory()
        let platform = try await TrainingPlatform.open(
            configuration: SageAPIConfiguration(stateDirectory: state.path), backend: ScriptedBackend(),
            logger: testLogger())
        for index in 0..<2_345 {
            platform.logs.append(LogRecord(stream: "many/algo-1-1", timestamp: Int64(index), message: "line \(index)"))
        }
        let events = try await platform.logs.events(
            stream: "many/algo-1-1", cursor: nil, forward: true, startTime: nil, endTime: nil, limit: 10_000)
        #expect(events.map(\.message) == (0..<2_345).map { "line \($0)" })
        await platform.close()
    }

    @Test func readersFlushingWhileTheWriterFlushesKeepTheOrder() async throws {
        let state = TemporaryDirectory()
        let platform = try await TrainingPlatform.open(
            configuration: SageAPIConfiguration(stateDirectory: state.path), backend: ScriptedBackend(),
            logger: testLogger())
        let logs = platform.logs
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<3_000 {
                    logs.append(LogRecord(stream: "order/algo-1-1", timestamp: Int64(index), message: "\(index)"))
                    if index % 250 == 0 { await Task.yield() }
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<20 { try? await logs.flush() }
                }
            }
        }
        let events = try await logs.events(
            stream: "order/algo-1-1", cursor: nil, forward: true, startTime: nil, endTime: nil, limit: 10_000)
        #expect(events.map(\.message) == (0..<3_000).map { "\($0)" })
        await platform.close()
    }
}
