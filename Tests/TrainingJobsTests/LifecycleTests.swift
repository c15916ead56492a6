import ServiceModel
import Testing

@testable import TrainingJobs

@Suite("Training job lifecycle")
struct LifecycleTests {
    func newJob() -> TrainingJob {
        TrainingJob(
            name: "job", arn: "arn:aws:sagemaker:us-east-1:123456789012:training-job/job", request: [:], tags: [],
            creationTime: 100)
    }

    @Test func completesThroughEverySecondaryStatus() throws {
        var job = newJob()
        try job.handle(.inputStagingStarted, at: 101)
        try job.handle(.algorithmStarted, at: 102)
        try job.handle(.algorithmExited(failureReason: nil), at: 110)
        try job.handle(.uploadStarted, at: 110.5)
        try job.handle(.uploadFinished(modelArtifacts: "file:///out/job/output/model.tar.gz"), at: 111)
        #expect(job.status == .completed)
        #expect(job.secondaryStatus == .completed)
        #expect(job.transitions.map(\.status) == [.starting, .downloading, .training, .uploading, .completed])
        #expect(
            job.transitions.map(\.statusMessage) == [
                "Starting the training job", "Downloading input data",
                "Training image download completed. Training in progress.", "Uploading generated training model",
                "Training job completed",
            ])
        // Each transition ends when the next starts; the terminal one ends when it starts.
        for (current, next) in zip(job.transitions, job.transitions.dropFirst()) {
            #expect(current.endTime == next.startTime)
        }
        #expect(job.transitions.last?.endTime == 111)
        #expect(job.trainingStartTime == 101)
        #expect(job.trainingEndTime == 111)
        #expect(job.trainingTimeInSeconds == 10)
        #expect(job.billableTimeInSeconds == 10)
        #expect(job.lastModifiedTime == 111)
        #expect(job.modelArtifacts == "file:///out/job/output/model.tar.gz")
    }

    @Test func failureKeepsTheFirst1024Characters() throws {
        var job = newJob()
        try job.handle(.algorithmStarted, at: 101)
        try job.handle(.algorithmExited(failureReason: String(repeating: "x", count: 2000)), at: 105)
        #expect(job.status == .failed)
        #expect(job.secondaryStatus == .failed)
        #expect(job.failureReason?.count == 1024)
        #expect(job.trainingEndTime == 105)
        // Late reports after the end change nothing.
        try job.handle(.uploadFinished(modelArtifacts: "x"), at: 106)
        #expect(job.status == .failed)
        #expect(job.modelArtifacts == nil)
    }

    @Test func stopGoesThroughStoppingAndUploadingToStopped() throws {
        var job = newJob()
        try job.handle(.algorithmStarted, at: 101)
        let action = try job.handle(.stopRequested, at: 102)
        #expect(action == .stopAlgorithm(.userRequest))
        #expect(job.status == .stopping)
        #expect(job.secondaryStatus == .stopping)
        // The algorithm dies of SIGTERM: that is not a failure when a stop was asked for.
        try job.handle(.algorithmExited(failureReason: "AlgorithmError: killed by signal 15"), at: 103)
        #expect(job.status == .stopping)
        try job.handle(.uploadStarted, at: 103)
        try job.handle(.uploadFinished(modelArtifacts: "file:///m.tar.gz"), at: 104)
        #expect(job.status == .stopped)
        #expect(job.secondaryStatus == .stopped)
        #expect(job.failureReason == nil)
        #expect(job.transitions.map(\.status) == [.starting, .training, .stopping, .uploading, .stopped])
    }

    @Test(arguments: [TrainingJobStatus.completed, .failed, .stopped])
    func stoppingAFinishedJobIsRejected(final: TrainingJobStatus) throws {
        var job = newJob()
        try job.handle(.algorithmStarted, at: 101)
        switch final {
        case .failed: try job.handle(.algorithmExited(failureReason: "boom"), at: 102)
        case .stopped:
            try job.handle(.stopRequested, at: 102)
            try job.handle(.uploadFinished(modelArtifacts: nil), at: 103)
        default: try job.handle(.uploadFinished(modelArtifacts: nil), at: 102)
        }
        #expect(job.status == final)
        #expect(throws: LifecycleRejection(status: final)) { try job.handle(.stopRequested, at: 200) }
        #expect(
            LifecycleRejection(status: .stopped).message
                == "The request was rejected because the training job is in status Stopped.")
    }

    @Test func stoppingTwiceIsRejected() throws {
        var job = newJob()
        try job.handle(.stopRequested, at: 101)
        #expect(throws: LifecycleRejection(status: .stopping)) { try job.handle(.stopRequested, at: 102) }
    }

    @Test func maxRuntimeStopsAndEndsInMaxRuntimeExceeded() throws {
        var job = newJob()
        try job.handle(.algorithmStarted, at: 101)
        #expect(try job.handle(.maxRuntimeExceeded, at: 160) == .stopAlgorithm(.maxRuntimeExceeded))
        #expect(job.status == .inProgress)
        #expect(try job.handle(.maxRuntimeExceeded, at: 161) == nil)
        try job.handle(.algorithmExited(failureReason: "killed"), at: 162)
        try job.handle(.uploadStarted, at: 162)
        try job.handle(.uploadFinished(modelArtifacts: "file:///m.tar.gz"), at: 163)
        #expect(job.status == .stopped)
        #expect(job.secondaryStatus == .maxRuntimeExceeded)
        #expect(job.transitions.last?.statusMessage == "Training job runtime exceeded MaxRuntimeInSeconds provided")
        #expect(job.modelArtifacts == "file:///m.tar.gz")
    }

    @Test func aLostRuntimeFailsARunningJobAndStopsAStoppingOne() throws {
        var running = newJob()
        try running.handle(.runtimeFailed(reason: "InternalServerError: restart"), at: 101)
        #expect(running.status == .failed)
        #expect(running.failureReason == "InternalServerError: restart")

        var stopping = newJob()
        try stopping.handle(.stopRequested, at: 101)
        try stopping.handle(.runtimeFailed(reason: "InternalServerError: restart"), at: 102)
        #expect(stopping.status == .stopped)
        #expect(stopping.failureReason == nil)
    }

    @Test func storedRepresentationRoundTrips() throws {
        var job = TrainingJob(
            name: "Job-1", arn: "arn", request: ["TrainingJobName": "Job-1", "HyperParameters": ["a": "1"]],
            tags: [JobTag(key: "team", value: "ml")], creationTime: 100.25)
        try job.handle(.algorithmStarted, at: 101)
        try job.handle(.stopRequested, at: 102)
        job.finalMetrics = [MetricDatum(metricName: "loss", value: 0.5, timestamp: 101.5)]
        let restored = try #require(
            TrainingJob(storedRepresentation: JSONValue(parsing: job.storedRepresentation.jsonString)))
        #expect(restored == job)
        #expect(TrainingJob(storedRepresentation: ["name": "x"]) == nil)
    }
}
