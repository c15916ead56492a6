import Foundation
import ServiceModel
import Synchronization
import Testing
import TrainingJobs

@testable import SageAPI

@Suite("State survives a restart")
struct PersistenceTests {
    @Test func jobsTransitionsTagsAndLogsSurviveReopening() async throws {
        let state = TemporaryDirectory()
        let configuration = SageAPIConfiguration(stateDirectory: state.path)
        let backend = ScriptedBackend()
        let first = try await TrainingPlatform.open(
            configuration: configuration, backend: backend, logger: testLogger())
        let job = TrainingJob(
            name: "Durable", arn: "arn:durable", request: createRequest("Durable"),
            tags: [JobTag(key: "k", value: "v")], creationTime: 10)
        try await first.store.insert(job)
        await first.coordinator.launch(job)
        let reporter = try #require(backend.reporter("Durable"))
        await reporter.report(.algorithmStarted)
        reporter.log(LogRecord(stream: "Durable/algo-1-10", timestamp: 11_000, message: "hello"))
        await reporter.report(.algorithmExited(failureReason: nil))
        await reporter.report(.uploadStarted)
        await reporter.report(.uploadFinished(modelArtifacts: "file:///m"))
        let running = TrainingJob(
            name: "Interrupted", arn: "arn:interrupted", request: createRequest("Interrupted"), tags: [],
            creationTime: 12)
        try await first.store.insert(running)
        let deleted = TrainingJob(
            name: "Deleted", arn: "arn:deleted", request: createRequest("Deleted"), tags: [], creationTime: 13)
        try await first.store.insert(deleted)
        try await first.store.update(named: "Deleted") { try $0.handle(.runtimeFailed(reason: "x"), at: 14) }
        try await first.store.remove(named: "Deleted") { _ in }
        await first.close()

        let second = try await TrainingPlatform.open(
            configuration: configuration, backend: backend, logger: testLogger())
        let restored = try #require(second.store.job(named: "Durable"))
        #expect(restored.status == .completed)
        #expect(restored.transitions.map(\.status) == [.starting, .training, .uploading, .completed])
        #expect(restored.tags == [JobTag(key: "k", value: "v")])
        #expect(second.store.job(named: "Deleted") == nil)
        let events = try await second.logs.events(
            stream: "Durable/algo-1-10", cursor: nil, forward: true, startTime: nil, endTime: nil, limit: 10)
        #expect(events.map(\.message) == ["hello"])

        await second.coordinator.reconcile()
        #expect(backend.calls.withLock { $0.reconciled } == ["Interrupted"])
        #expect(second.store.job(named: "Interrupted")?.status == .failed)
        await second.close()

        let third = try await TrainingPlatform.open(
            configuration: configuration, backend: backend, logger: testLogger())
        #expect(third.store.job(named: "Interrupted")?.failureReason == "InternalServerError: lost")
        #expect(third.store.count == 2)
        await third.close()
    }

    @Test func olderVersionsNeverOverwriteNewerOnes() async throws {
        let state = TemporaryDirectory()
        let database = try await JobDatabase.open(path: state.path + "/db.sqlite", logger: testLogger())
        var job = TrainingJob(name: "V", arn: "arn:v", request: [:], tags: [], creationTime: 1)
        try await database.save(job, version: 5)
        try job.handle(.algorithmStarted, at: 2)
        try await database.save(job, version: 4)
        let (loaded, version) = try await database.loadJobs()
        #expect(loaded.first?.secondaryStatus == .starting)
        #expect(version == 5)
        try await database.delete(jobNamed: "V", version: 6)
        try await database.save(job, version: 5)
        #expect(try await database.loadJobs().jobs.isEmpty)
        await database.close()
    }
}
