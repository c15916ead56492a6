import KubernetesClient
import Testing
import TrainingJobs

@testable import KubeBackend

/// The status mapping without a cluster: pod and Job states in, lifecycle events out.
@Suite struct TrainingJobProgressTests {
    static func pod(
        _ host: String = "algo-1", uid: String = "u1", created: String = "2026-01-01T00:00:00Z",
        deleting: Bool = false, stage: ContainerStatus.State? = nil, algo: ContainerStatus.State? = nil,
        runtime: ContainerStatus.State? = nil, phase: Pod.Phase = .running
    ) -> HostSnapshot {
        HostSnapshot(
            podName: "p-\(host)-\(uid)", podUID: uid, host: host, creationTimestamp: created, phase: phase,
            isBeingDeleted: deleting, stage: stage, algorithm: algo, runtime: runtime)
    }

    static func ended(_ code: Int, reason: String? = nil, message: String? = nil) -> ContainerStatus.State {
        .terminated(.init(exitCode: code, reason: reason, message: message))
    }

    static func events(_ outputs: [ProgressOutput]) -> [TrainingJobEvent] {
        outputs.compactMap { if case .report(let event) = $0 { event } else { nil } }
    }

    @Test func milestonesAreReportedOnceAndInOrder() {
        var progress = TrainingJobProgress(hostNames: ["algo-1"])
        #expect(Self.events(progress.observe(Self.pod(stage: .running(startedAt: nil)))) == [.inputStagingStarted])
        #expect(Self.events(progress.observe(Self.pod(stage: .running(startedAt: nil)))).isEmpty)
        let training = progress.observe(
            Self.pod(stage: Self.ended(0), algo: .running(startedAt: nil), runtime: .running(startedAt: nil)))
        #expect(Self.events(training) == [.algorithmStarted])
        #expect(
            training.contains(.followLogs(podName: "p-algo-1-u1", host: "algo-1", startTime: "2026-01-01T00:00:00Z")))
        let uploading = progress.observe(
            Self.pod(stage: Self.ended(0), algo: Self.ended(0), runtime: .running(startedAt: nil)))
        #expect(Self.events(uploading) == [.uploadStarted])
        let done = Self.pod(
            stage: Self.ended(0), algo: Self.ended(0),
            runtime: Self.ended(0, message: "model artifacts: s3://b/m.tar.gz\n"), phase: .succeeded)
        #expect(Self.events(progress.observe(done)).isEmpty)
        #expect(
            Self.events(progress.observe(job: .complete, host: "algo-1"))
                == [.algorithmExited(failureReason: nil), .uploadFinished(modelArtifacts: "s3://b/m.tar.gz")])
        #expect(progress.isFinished)
        #expect(progress.observe(job: .complete, host: "algo-1").isEmpty)
    }

    @Test func aJobCompletesOnlyWhenEveryHostHas() {
        var progress = TrainingJobProgress(hostNames: ["algo-1", "algo-2"])
        _ = progress.observe(Self.pod("algo-1", runtime: Self.ended(0, message: "model artifacts: none")))
        #expect(Self.events(progress.observe(job: .complete, host: "algo-1")).contains(.uploadStarted) == false)
        #expect(!progress.isFinished)
        let events = Self.events(progress.observe(job: .complete, host: "algo-2"))
        #expect(events.last == .uploadFinished(modelArtifacts: nil))
    }

    @Test func failuresCarryTheirReason() {
        var progress = TrainingJobProgress(hostNames: ["algo-1", "algo-2"])
        _ = progress.observe(Self.pod("algo-2", algo: Self.ended(137, reason: "OOMKilled"), phase: .failed))
        let outputs = progress.observe(
            job: .failed(message: "Job has reached the specified backoff limit"), host: "algo-2")
        guard case .algorithmExited(let reason?) = Self.events(outputs).last else {
            Issue.record("no failure in \(outputs)")
            return
        }
        #expect(reason.hasPrefix("OutOfMemoryError: "))
        #expect(outputs.last == .deleteHosts)

        var staging = TrainingJobProgress(hostNames: ["algo-1"])
        _ = staging.observe(
            Self.pod(stage: Self.ended(1, message: "ClientError: Data download failed: no such key"), phase: .failed))
        #expect(
            Self.events(staging.observe(job: .failed(message: nil), host: "algo-1")).last
                == .algorithmExited(failureReason: "ClientError: Data download failed: no such key"))
    }

    @Test func aJobSeenFailedBeforeItsPodWaitsForThePodsReason() {
        var progress = TrainingJobProgress(hostNames: ["algo-1"])
        _ = progress.observe(Self.pod(algo: .running(startedAt: nil)))
        #expect(Self.events(progress.observe(job: .failed(message: "backoff limit"), host: "algo-1")).isEmpty)
        let failed = progress.observe(Self.pod(algo: Self.ended(2, message: "ValueError: bad input"), phase: .failed))
        #expect(Self.events(failed) == [.algorithmExited(failureReason: "ValueError: bad input")])
    }

    @Test func aRetryIsNotAFailureUntilTheJobGivesUp() {
        var progress = TrainingJobProgress(hostNames: ["algo-1"])
        _ = progress.observe(Self.pod(uid: "a", algo: Self.ended(1), phase: .failed))
        #expect(!progress.isFinished)
        _ = progress.observe(Self.pod(uid: "b", created: "2026-01-01T00:01:00Z", algo: .running(startedAt: nil)))
        // A late update of the first attempt does not replace the retry.
        #expect(progress.observe(Self.pod(uid: "a", algo: Self.ended(1), phase: .failed)).isEmpty)
        #expect(!progress.isFinished)
    }

    @Test func aStopEndsWithTheSidecarsResultOrWithThePodsGone() {
        var progress = TrainingJobProgress(hostNames: ["algo-1"])
        _ = progress.observe(job: .active, host: "algo-1")
        _ = progress.observe(Self.pod(algo: .running(startedAt: nil), runtime: .running(startedAt: nil)))
        #expect(progress.stop() == [.deleteHosts])
        #expect(Self.events(progress.removeJob(host: "algo-1")).isEmpty)
        let sigterm = progress.observe(
            Self.pod(deleting: true, algo: Self.ended(143), runtime: .running(startedAt: nil)))
        #expect(Self.events(sigterm) == [.uploadStarted])
        let result = progress.observe(
            Self.pod(
                deleting: true, algo: Self.ended(143), runtime: Self.ended(0, message: "model artifacts: s3://b/m")))
        #expect(Self.events(result) == [.uploadFinished(modelArtifacts: "s3://b/m")])

        var pending = TrainingJobProgress(hostNames: ["algo-1"])
        _ = pending.observe(Self.pod(phase: .pending))
        _ = pending.stop()
        guard case .runtimeFailed = Self.events(pending.remove(pod: Self.pod(phase: .pending))).last else {
            Issue.record("a stop before the pod started should end the job")
            return
        }
    }

    @Test func theDeadlineStopsAndAnUnpullableImageFails() {
        var late = TrainingJobProgress(hostNames: ["algo-1"])
        #expect(Self.events(late.observe(job: .deadlineExceeded, host: "algo-1")) == [.maxRuntimeExceeded])
        #expect(!late.isFinished)

        var pull = TrainingJobProgress(hostNames: ["algo-1"])
        let outputs = pull.observe(Self.pod(algo: .waiting(reason: "ErrImagePull", message: nil)))
        #expect(Self.events(outputs).isEmpty, "ErrImagePull may pass: the kubelet retries")
        let fatal = pull.observe(Self.pod(algo: .waiting(reason: "ImagePullBackOff", message: "back-off")))
        guard case .runtimeFailed(let reason) = Self.events(fatal).last else {
            Issue.record("no failure")
            return
        }
        #expect(reason.contains("ImagePullBackOff: back-off"))
    }

    @Test func aJobFromAnEarlierRunWithNothingLeftFails() {
        var progress = TrainingJobProgress(hostNames: ["algo-1"])
        guard case .runtimeFailed(let reason) = Self.events(progress.objectsMissing()).first else {
            Issue.record("no failure")
            return
        }
        #expect(reason.contains("not restarted"))
        var seen = TrainingJobProgress(hostNames: ["algo-1"])
        _ = seen.observe(job: .active, host: "algo-1")
        #expect(seen.objectsMissing().isEmpty)
    }

    @Test func logTimestampsAndStreamNames() {
        #expect(KubeBackend.epochMilliseconds("1970-01-01T00:00:01.5Z") == 1500)
        #expect(KubeBackend.epochMilliseconds("2026-11-29T07:50:00.123456789Z") == 1_795_938_600_123)
        #expect(KubeBackend.epochMilliseconds("garbage") == nil)
        let (time, text) = KubeBackend.splitTimestamp("1970-01-01T00:00:02Z epoch 1 loss=0.5")
        #expect(time == 2000 && text == "epoch 1 loss=0.5")
        #expect(KubeBackend.splitTimestamp("no time here") == (nil, "no time here"))
        #expect(KubeBackend.streamName(job: "J", host: "algo-2", startTime: "1970-01-01T00:01:40Z") == "J/algo-2-100")
    }
}
