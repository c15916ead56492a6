import JobRuntime
import Testing

/// The sidecar's decisions, without a pod, a clock or a bucket.
@Suite struct SidecarMachineTests {
    typealias Machine = SidecarMachine

    static func machine(checkpoints: Bool = true, upload: Bool = true) -> Machine {
        Machine(
            configuration: .init(
                podName: "job-algo-1-x", container: "algo", syncsCheckpoints: checkpoints, uploadsOutputs: upload))
    }

    static func completed(_ modelArtifacts: String?) -> Machine.Action {
        .finish(.completed(modelArtifacts: modelArtifacts))
    }

    static func failure(_ reason: String) -> Machine.Action {
        .finish(.failed(reason: reason))
    }

    static func exited(_ code: Int, _ reason: String? = nil) -> Machine.Event {
        .observed(.terminated(.init(exitCode: code, reason: reason)))
    }

    @Test func aSuccessfulAlgorithmGetsPeriodicPushesThenALastPushThenTheUpload() {
        var machine = Self.machine()
        #expect(machine.handle(.observed(.pending)) == .none)
        // Nothing to push before the algorithm runs.
        #expect(machine.handle(.checkpointTimer) == .none)
        #expect(machine.handle(.observed(.running)) == .none)
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
        #expect(machine.handle(.checkpointsPushed) == .none)
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
        #expect(machine.handle(.checkpointsPushed) == .none)
        #expect(machine.isFollowingAlgorithm)

        #expect(machine.handle(Self.exited(0, "Completed")) == .pushCheckpoints)
        #expect(machine.phase == .pushingFinalCheckpoints && !machine.isFollowingAlgorithm)
        #expect(machine.handle(.checkpointTimer) == .none)
        #expect(machine.handle(.checkpointsPushed) == .upload)
        #expect(
            machine.handle(.uploaded(modelArtifacts: "s3://b/out/job/output/model.tar.gz"))
                == Self.completed("s3://b/out/job/output/model.tar.gz"))
        #expect(machine.phase == .finished)
    }

    @Test func aFailedAlgorithmGetsItsLastPushButNoUpload() {
        var machine = Self.machine()
        _ = machine.handle(.observed(.running))
        #expect(machine.handle(Self.exited(1, "Error")) == .pushCheckpoints)
        #expect(!machine.storesOutputs)
        #expect(machine.handle(.checkpointsPushed) == Self.completed(nil))
    }

    @Test func withoutCheckpointsOrUploadTheEndIsImmediate() {
        var plain = Self.machine(checkpoints: false, upload: false)
        _ = plain.handle(.observed(.running))
        #expect(plain.handle(.checkpointTimer) == .none)
        #expect(plain.handle(Self.exited(0)) == Self.completed(nil))

        var uploading = Self.machine(checkpoints: false)
        #expect(uploading.handle(Self.exited(0)) == .upload)
    }

    @Test func sigtermWaitsForTheAlgorithmAndThenUploadsWhateverItsExitCode() {
        var machine = Self.machine(checkpoints: false)
        _ = machine.handle(.observed(.running))
        #expect(machine.handle(.terminationRequested) == .none)
        #expect(machine.isStopRequested && machine.isFollowingAlgorithm)
        #expect(machine.handle(.terminationRequested) == .none)
        #expect(machine.handle(.observed(.running)) == .none)
        // SageMaker stores the model of a stopped job: the algorithm ended because it was told to.
        #expect(machine.handle(Self.exited(143, "Error")) == .upload)
        #expect(
            machine.handle(.uploaded(modelArtifacts: "file:///m.tar.gz"))
                == Self.completed("file:///m.tar.gz"))
    }

    @Test func periodicPushesGoOnAfterSigterm() {
        var machine = Self.machine()
        _ = machine.handle(.observed(.running))
        _ = machine.handle(.terminationRequested)
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
    }

    @Test func sigtermBeforeTheAlgorithmStartedEndsAtOnce() {
        var waiting = Self.machine(checkpoints: false)
        _ = waiting.handle(.observed(.pending))
        #expect(waiting.handle(.terminationRequested) == .upload)

        // Before any snapshot: the first one decides.
        var early = Self.machine()
        #expect(early.handle(.terminationRequested) == .none)
        #expect(early.handle(.observed(.pending)) == .pushCheckpoints)
        #expect(early.handle(.checkpointsPushed) == .upload)
    }

    @Test func sigtermAfterAnUnpromptedFailureDoesNotStoreTheOutputs() {
        var machine = Self.machine()
        _ = machine.handle(.observed(.running))
        #expect(machine.handle(Self.exited(2)) == .pushCheckpoints)
        #expect(machine.handle(.terminationRequested) == .none)
        #expect(machine.handle(.checkpointsPushed) == Self.completed(nil))
    }

    @Test func anEndDuringAPeriodicPushWaitsForIt() {
        var machine = Self.machine()
        _ = machine.handle(.observed(.running))
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
        #expect(machine.handle(.checkpointTimer) == .none)  // one push at a time
        #expect(machine.handle(Self.exited(0)) == .none)
        #expect(machine.handle(.checkpointsPushed) == .pushCheckpoints)
        #expect(machine.phase == .pushingFinalCheckpoints)
        #expect(machine.handle(.checkpointsPushed) == .upload)
    }

    @Test func aTerminatedAlgorithmStaysTerminated() {
        var machine = Self.machine()
        #expect(machine.handle(Self.exited(0)) == .pushCheckpoints)
        // A stale snapshot, the pod's deletion or a watch failure after the end change nothing.
        #expect(machine.handle(.observed(.running)) == .none)
        #expect(machine.handle(.podGone) == .none)
        #expect(machine.handle(.watchFailed("gone")) == .none)
        #expect(machine.algorithm == .terminated(.init(exitCode: 0)))
        #expect(machine.handle(.checkpointsPushed) == .upload)
    }

    @Test func aFailedPeriodicPushIsRetriedAtTheNextInterval() {
        var machine = Self.machine()
        _ = machine.handle(.observed(.running))
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
        #expect(machine.handle(.checkpointPushFailed("PutObject failed")) == .none)
        #expect(machine.isFollowingAlgorithm)
        #expect(machine.handle(.checkpointTimer) == .pushCheckpoints)
    }

    @Test func aFailedLastPushFailsTheSidecar() {
        var machine = Self.machine()
        _ = machine.handle(Self.exited(0))
        #expect(
            machine.handle(.checkpointPushFailed("PutObject s3://b/c/x failed: 403"))
                == Self.failure("ClientError: Checkpoint upload failed: PutObject s3://b/c/x failed: 403"))
    }

    @Test func aFailedUploadFailsTheSidecar() {
        var machine = Self.machine(checkpoints: false)
        #expect(machine.handle(Self.exited(0)) == .upload)
        #expect(
            machine.handle(.uploadFailed("tar failed"))
                == Self.failure("ClientError: Output upload failed: tar failed"))
        #expect(machine.handle(.uploaded(modelArtifacts: "s3://late")) == .none)
    }

    @Test func aMissingPodOrContainerFails() {
        var absent = Self.machine()
        #expect(
            absent.handle(.podGone)
                == Self.failure("InternalServerError: the pod job-algo-1-x does not exist"))

        var deleted = Self.machine()
        _ = deleted.handle(.observed(.running))
        #expect(
            deleted.handle(.podGone)
                == Self.failure(
                    "InternalServerError: the pod job-algo-1-x was deleted before container algo terminated"))

        var noContainer = Self.machine()
        #expect(
            noContainer.handle(.observed(.missing))
                == Self.failure("InternalServerError: the pod job-algo-1-x has no container algo"))
    }

    @Test func aRefusedWatchFails() {
        var machine = Self.machine()
        #expect(
            machine.handle(.watchFailed("403 Forbidden: pods is forbidden"))
                == .finish(
                    .failed(
                        reason:
                            "InternalServerError: the pod job-algo-1-x cannot be watched: 403 Forbidden: pods is forbidden"
                    )
                ))
        #expect(machine.handle(.observed(.running)) == .none)
        #expect(machine.handle(.checkpointTimer) == .none)
    }
}
