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

    @Test func writesNamingAnOldRevisionConflictWithTheCurrentRecord() async throws {
        let state = TemporaryDirectory()
        let database = try await JobDatabase.open(path: state.path + "/db.sqlite", logger: testLogger())
        var job = TrainingJob(name: "V", arn: "arn:v", request: [:], tags: [], creationTime: 1)
        let first = try await database.create(job)
        await #expect(throws: TrainingJobRecordError.nameInUse(arn: "arn:v")) { try await database.create(job) }
        try job.handle(.algorithmStarted, at: 2)
        let second = try await database.replace(job, revision: first)
        #expect(second > first)
        var stale = job
        try stale.handle(.stopRequested, at: 3)
        await #expect(throws: TrainingJobRecordError.conflict(current: RevisedTrainingJob(job: job, revision: second)))
        {
            try await database.replace(stale, revision: first)
        }
        #expect(try await database.loadAll() == [RevisedTrainingJob(job: job, revision: second)])
        await #expect(throws: TrainingJobRecordError.self) { try await database.delete(job, revision: first) }
        try await database.delete(job, revision: second)
        await #expect(throws: TrainingJobRecordError.conflict(current: nil)) {
            try await database.replace(job, revision: second)
        }
        #expect(try await database.loadAll().isEmpty)
        #expect(try await database.create(job) == 1)  // the tombstone went with the load
        await database.close()
    }

    @Test func concurrentUpdatesOfOneJobAreAllApplied() async throws {
        let state = TemporaryDirectory()
        let database = try await JobDatabase.open(path: state.path + "/db.sqlite", logger: testLogger())
        let store = try await TrainingJobStore(records: database)
        try await store.insert(TrainingJob(name: "Tags", arn: "arn:t", request: [:], tags: [], creationTime: 1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await store.update(named: "tags") { job in
                        job.tags.append(JobTag(key: "k\(index)", value: "v"))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.job(named: "Tags")?.tags.count == 20)
        let reloaded = try await TrainingJobStore(records: database)
        #expect(reloaded.job(named: "TAGS")?.tags.count == 20)
        await database.close()
    }
}
