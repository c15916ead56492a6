import Foundation
import KubeBackend
import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing
import TrainingJobs

@testable import SageAPI

/// The control plane over a real kube-apiserver and Job controller, the test playing the kubelet: every status
/// comes from watched pods and Jobs, and every job's state lives in the cluster.
@Suite(.serialized) struct KubePlatformTests {
    struct Setup {
        let client: KubernetesClient
        let namespace: String
        let kubelet: Kubelet
        var jobs: ResourceClient<Job> { client.resources(.jobs, namespace: namespace) }
        var configMaps: ResourceClient<ConfigMap> { client.resources(.configMaps, namespace: namespace) }
    }

    func withNamespace(_ prefix: String, _ body: (Setup) async throws -> Void) async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: prefix)
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let kubelet = try await Kubelet.prepare(client: client, namespace: namespace)
        try await body(Setup(client: client, namespace: namespace, kubelet: kubelet))
    }

    @Test func aJobGoesThroughEveryStatusSurvivesARestartAndStaysDescribableAfterItsObjectsAreGone() async throws {
        try await withNamespace("kp-life") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Life-1"))
            #expect(plane.job("Life-1")?.secondaryStatus == .starting)

            let kubelet = setup.kubelet
            let pod = try await kubelet.pod(of: "Life-1")
            try await kubelet.set(pod, phase: "Pending", stage: .running, algo: .waiting("PodInitializing"))
            try await plane.waitFor("Life-1", "Downloading") { $0.secondaryStatus == .downloading }
            try await kubelet.set(
                pod, phase: "Running", stage: .terminated(0), algo: .running, runtime: .running)
            try await plane.waitFor("Life-1", "Training") { $0.secondaryStatus == .training }
            try await kubelet.set(
                pod, phase: "Running", stage: .terminated(0), algo: .terminated(0), runtime: .running)
            try await plane.waitFor("Life-1", "Uploading") { $0.secondaryStatus == .uploading }
            let artifacts = "s3://models/out/Life-1/output/model.tar.gz"
            try await kubelet.set(
                pod, phase: "Succeeded", stage: .terminated(0), algo: .terminated(0),
                runtime: .terminated(0, message: "model artifacts: \(artifacts)\n"))
            try await plane.waitFor("Life-1", "Completed") { $0.status == .completed }

            let finished = try #require(plane.job("Life-1"))
            #expect(finished.modelArtifacts == artifacts)
            let expected: [SecondaryStatus] = [.starting, .downloading, .training, .uploading, .completed]
            #expect(finished.transitions.map(\.status) == expected)
            let root = try await setup.configMaps.get(KubeObjectName(trainingJobName: "Life-1").record)
            #expect(try TrainingJobRecord.decode(root) == finished)
            #expect(root.metadata.labels[KubeLabels.status] == "Completed")

            // A restarted control plane answers the same from the cluster alone.
            await plane.stop()
            let restarted = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            #expect(restarted.job("life-1") == finished)

            // With the Jobs and pods garbage-collected, the job stays describable and never runs again.
            for job in try await setup.jobs.list().items {
                try await setup.jobs.delete(job.name, options: DeleteOptions(propagationPolicy: .background))
            }
            try await kubelet.remove(pod)
            await restarted.stop()
            let again = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await Task.sleep(for: .seconds(1))
            #expect(again.job("Life-1") == finished)
            #expect(try await setup.jobs.list().items.isEmpty)
            await again.stop()
        }
    }

    @Test func aFailingHostFailsTheJobWithItsFailureFileAndDeletesTheOtherHosts() async throws {
        try await withNamespace("kp-fail") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Fail-2", hosts: 2))
            let first = try await setup.kubelet.pod(of: "Fail-2", host: "algo-1")
            let second = try await setup.kubelet.pod(of: "Fail-2", host: "algo-2")
            for pod in [first, second] {
                try await setup.kubelet.set(
                    pod, phase: "Running", stage: .terminated(0), algo: .running, runtime: .running)
            }
            try await plane.waitFor("Fail-2", "Training") { $0.secondaryStatus == .training }
            try await setup.kubelet.set(
                second, phase: "Failed", stage: .terminated(0),
                algo: .terminated(1, message: "AlgorithmError: loss is NaN at step 12\n"),
                runtime: .terminated(0))
            try await plane.waitFor("Fail-2", "Failed", timeout: .seconds(40)) { $0.status == .failed }
            #expect(plane.job("Fail-2")?.failureReason == "AlgorithmError: loss is NaN at step 12")
            try await eventually("the other host deleted", timeout: .seconds(20)) {
                let remaining = try await setup.jobs.list().items
                return remaining.allSatisfy { $0.metadata.isBeingDeleted }
            }
            await plane.stop()
        }
    }

    @Test func outOfMemoryAndUnpullableImagesHaveClearReasons() async throws {
        try await withNamespace("kp-why") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Oom-1"))
            try await plane.create(trainingRequest("Pull-1"))
            let oom = try await setup.kubelet.pod(of: "Oom-1")
            try await setup.kubelet.set(
                oom, phase: "Failed", stage: .terminated(0), algo: .terminated(137, reason: "OOMKilled"),
                runtime: .terminated(0))
            let pull = try await setup.kubelet.pod(of: "Pull-1")
            try await setup.kubelet.set(
                pull, phase: "Pending", stage: .terminated(0),
                algo: .waiting("ImagePullBackOff", "Back-off pulling image \"registry.example/trainer:1\""),
                runtime: .running)
            try await plane.waitFor("Oom-1", "Failed", timeout: .seconds(40)) { $0.status == .failed }
            #expect(plane.job("Oom-1")?.failureReason?.hasPrefix("OutOfMemoryError: ") == true)
            try await plane.waitFor("Pull-1", "Failed") { $0.status == .failed }
            #expect(
                plane.job("Pull-1")?.failureReason
                    == "ClientError: The training image 'registry.example/trainer:1' could not be started: ImagePullBackOff: Back-off pulling image \"registry.example/trainer:1\""
            )
            await plane.stop()
        }
    }

    @Test func stopDeletesTheHostsAndTheSidecarsUploadEndsIt() async throws {
        try await withNamespace("kp-stop") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Stop-1"))
            let pod = try await setup.kubelet.pod(of: "Stop-1")
            try await setup.kubelet.set(pod, phase: "Running", stage: .terminated(0), algo: .running, runtime: .running)
            try await plane.waitFor("Stop-1", "Training") { $0.secondaryStatus == .training }
            _ = try await plane.operations.stop(["TrainingJobName": "Stop-1"])
            #expect(plane.job("Stop-1")?.status == .stopping)
            // The Job goes; the garbage collector deletes the pod gracefully: it stays Terminating (bound to a
            // node) while the algorithm saves and the sidecar uploads.
            try await eventually("the pod terminating", timeout: .seconds(30)) {
                try await setup.kubelet.pods.get(pod.name).metadata.isBeingDeleted
            }
            #expect(plane.job("Stop-1")?.status == .stopping)
            try await setup.kubelet.set(
                pod, phase: "Running", stage: .terminated(0), algo: .terminated(143), runtime: .running)
            try await plane.waitFor("Stop-1", "Uploading") { $0.secondaryStatus == .uploading }
            try await setup.kubelet.set(
                pod, phase: "Failed", stage: .terminated(0), algo: .terminated(143),
                runtime: .terminated(0, message: "model artifacts: s3://models/out/Stop-1/output/model.tar.gz"))
            try await plane.waitFor("Stop-1", "Stopped") { $0.status == .stopped }
            #expect(plane.job("Stop-1")?.modelArtifacts == "s3://models/out/Stop-1/output/model.tar.gz")
            #expect(plane.job("Stop-1")?.secondaryStatus == .stopped)
            try await setup.kubelet.remove(pod)
            await plane.stop()
        }
    }

    @Test func theDeadlineStopsTheJobAsMaxRuntimeExceeded() async throws {
        try await withNamespace("kp-late") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Late-1", maxRuntime: 3))
            let pod = try await setup.kubelet.pod(of: "Late-1")
            try await setup.kubelet.set(pod, phase: "Running", stage: .terminated(0), algo: .running, runtime: .running)
            // MaxRuntimeInSeconds: the job stays InProgress (as SageMaker's does) while it stops and uploads.
            try await plane.waitFor("Late-1", "stopping", timeout: .seconds(30)) {
                $0.stopReason == .maxRuntimeExceeded
            }
            try await eventually("the pod terminating", timeout: .seconds(30)) {
                try await setup.kubelet.pods.get(pod.name).metadata.isBeingDeleted
            }
            try await setup.kubelet.set(
                pod, phase: "Failed", stage: .terminated(0), algo: .terminated(143),
                runtime: .terminated(0, message: "model artifacts: none"))
            try await plane.waitFor("Late-1", "Stopped") { $0.status == .stopped }
            #expect(plane.job("Late-1")?.secondaryStatus == .maxRuntimeExceeded)
            #expect(plane.job("Late-1")?.modelArtifacts == nil)
            try await setup.kubelet.remove(pod)
            await plane.stop()
        }
    }

    @Test func twoControlPlanesAgreeAndEitherCanStopAJob() async throws {
        try await withNamespace("kp-two") { setup in
            let first = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            let second = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await first.create(trainingRequest("Both-1"))
            await #expect(throws: AWSServiceError.self) { try await second.create(trainingRequest("BOTH-1")) }
            try await second.waitFor("Both-1", "seen by the second") { _ in true }
            let pod = try await setup.kubelet.pod(of: "Both-1")
            try await setup.kubelet.set(pod, phase: "Running", stage: .terminated(0), algo: .running, runtime: .running)
            for plane in [first, second] {
                try await plane.waitFor("Both-1", "Training") { $0.secondaryStatus == .training }
            }
            _ = try await second.operations.stop(["TrainingJobName": "Both-1"])
            try await first.waitFor("Both-1", "Stopping") { $0.status == .stopping }
            try await eventually("the pod terminating", timeout: .seconds(30)) {
                try await setup.kubelet.pods.get(pod.name).metadata.isBeingDeleted
            }
            try await setup.kubelet.set(
                pod, phase: "Failed", stage: .terminated(0), algo: .terminated(143),
                runtime: .terminated(0, message: "model artifacts: s3://models/out/Both-1/output/model.tar.gz"))
            for plane in [first, second] {
                try await plane.waitFor("Both-1", "Stopped") { $0.status == .stopped }
            }
            #expect(first.job("Both-1") == second.job("Both-1"))
            let statuses = first.job("Both-1")?.transitions.map(\.status) ?? []
            let expected: [SecondaryStatus] = [.starting, .downloading, .training, .stopping, .stopped]
            #expect(statuses == expected)
            try await setup.kubelet.remove(pod)
            await first.stop()
            await second.stop()
        }
    }

    @Test func aResumedJobWhoseObjectsVanishedFailsAndIsNotRecreated() async throws {
        try await withNamespace("kp-lost") { setup in
            let plane = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await plane.create(trainingRequest("Lost-1"))
            let pod = try await setup.kubelet.pod(of: "Lost-1")
            await plane.stop()
            for job in try await setup.jobs.list().items {
                try await setup.jobs.delete(job.name, options: DeleteOptions(propagationPolicy: .background))
            }
            try await setup.kubelet.remove(pod)
            try await eventually("the pods gone", timeout: .seconds(30)) {
                try await setup.kubelet.pods.list().items.isEmpty
            }
            let restarted = try await ControlPlane.start(client: setup.client, namespace: setup.namespace)
            try await restarted.waitFor("Lost-1", "Failed") { $0.status == .failed }
            #expect(restarted.job("Lost-1")?.failureReason?.contains("not restarted") == true)
            #expect(try await setup.jobs.list().items.isEmpty)
            await restarted.stop()
        }
    }
}
