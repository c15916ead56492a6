import Foundation
import Glibc
import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing

/// `sage-runtime sidecar` as a child process against a real kube-apiserver: the test creates the training pod and
/// plays its kubelet (container states through `pods/status`, SIGTERM for the pod's deletion); outputs and
/// checkpoints go to `file://` locations.
@Suite struct SidecarIntegrationTests {
    @Test func aSucceededAlgorithmGetsItsCheckpointsAndModelStored() async throws {
        let fixture = try await SidecarFixture.make("done")
        defer { fixture.tearDown() }
        // With the runtime's own permissions, not an administrator's.
        let kubeconfig = try await fixture.serviceAccountKubeconfig("runtime", watchingPods: true)
        let sidecar = try fixture.startSidecar(upload: true, kubeconfig: kubeconfig)
        defer { sidecar.kill() }
        try await sidecar.waitForOutput("container algo has not started yet")

        try await fixture.setAlgorithm(SidecarFixture.running)
        try await sidecar.waitForOutput("container algo is running")
        // Pushed while the algorithm runs (every second here).
        try fixture.write("epoch 1", to: "checkpoints/epoch-1.ckpt")
        try await eventually("a periodic checkpoint push") {
            fixture.contents(fixture.checkpointStore + "/epoch-1.ckpt") == "epoch 1"
        }
        try fixture.write("epoch 2", to: "checkpoints/epoch-2.ckpt")
        try await fixture.setAlgorithm(SidecarFixture.terminated(0, "Completed"))

        #expect(try await sidecar.waitForExit() == 0, "\(sidecar.log)")
        #expect(fixture.contents(fixture.terminationLog) == "model artifacts: file://\(fixture.modelArchive)\n")
        #expect(try fixture.archiveMembers(fixture.modelArchive).contains("./weights.bin"))
        #expect(try fixture.archiveMembers(fixture.outputArchive).contains("./metrics.json"))
        #expect(fixture.contents(fixture.checkpointStore + "/epoch-2.ckpt") == "epoch 2")
        #expect(sidecar.log.contains("container algo terminated: exit code 0 (Completed)"))
    }

    @Test func aFailedAlgorithmGetsItsLastCheckpointsButNoUpload() async throws {
        let fixture = try await SidecarFixture.make("failed")
        defer { fixture.tearDown() }
        // No periodic push in this test's time: whatever reaches the store is the last push's.
        let sidecar = try fixture.startSidecar(upload: true, checkpointInterval: 3600)
        defer { sidecar.kill() }
        try await fixture.setAlgorithm(SidecarFixture.running)
        try await sidecar.waitForOutput("container algo is running")
        try fixture.write("last", to: "checkpoints/last.ckpt")
        try await fixture.setAlgorithm(SidecarFixture.terminated(1, "Error"))

        #expect(try await sidecar.waitForExit() == 0, "\(sidecar.log)")
        #expect(fixture.contents(fixture.terminationLog) == "model artifacts: none\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.modelArchive))
        #expect(fixture.contents(fixture.checkpointStore + "/last.ckpt") == "last")
        #expect(sidecar.log.contains("container algo failed: its outputs are not stored"))
    }

    @Test func sigtermWaitsForTheAlgorithmThenStoresTheModel() async throws {
        let fixture = try await SidecarFixture.make("stop", checkpoints: false)
        defer { fixture.tearDown() }
        let sidecar = try fixture.startSidecar(upload: true)
        defer { sidecar.kill() }
        try await fixture.setAlgorithm(SidecarFixture.running)
        try await sidecar.waitForOutput("container algo is running")

        sidecar.send(SIGTERM)
        try await sidecar.waitForOutput("SIGTERM received: waiting for container algo to terminate")
        // The signal was handled and the sidecar is still waiting, with nothing stored.
        #expect(sidecar.status == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.terminationLog))
        #expect(!FileManager.default.fileExists(atPath: fixture.modelArchive))

        // The algorithm ends on its SIGTERM: a stopped job's model is stored whatever the exit code.
        try await fixture.setAlgorithm(SidecarFixture.terminated(143, "Error"))
        #expect(try await sidecar.waitForExit() == 0, "\(sidecar.log)")
        #expect(fixture.contents(fixture.terminationLog) == "model artifacts: file://\(fixture.modelArchive)\n")
        #expect(try fixture.archiveMembers(fixture.modelArchive).contains("./weights.bin"))
    }

    @Test func withoutUploadOnlyTheCheckpointsAreStored() async throws {
        let fixture = try await SidecarFixture.make("other-host")
        defer { fixture.tearDown() }
        let sidecar = try fixture.startSidecar(upload: false, checkpointInterval: 3600)
        defer { sidecar.kill() }
        try await fixture.setAlgorithm(SidecarFixture.running)
        try await sidecar.waitForOutput("container algo is running")
        try fixture.write("final", to: "checkpoints/final.ckpt")
        try await fixture.setAlgorithm(SidecarFixture.terminated(0, "Completed"))

        #expect(try await sidecar.waitForExit() == 0, "\(sidecar.log)")
        #expect(fixture.contents(fixture.terminationLog) == "model artifacts: none\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.modelArchive))
        #expect(fixture.contents(fixture.checkpointStore + "/final.ckpt") == "final")
    }

    @Test func aDeletedPodFailsTheSidecar() async throws {
        let fixture = try await SidecarFixture.make("deleted")
        defer { fixture.tearDown() }
        let result = fixture.directory + "/result"
        let failure = fixture.directory + "/failure"
        let sidecar = try fixture.startSidecar(upload: true, resultFile: result, failureFile: failure)
        defer { sidecar.kill() }
        try await fixture.setAlgorithm(SidecarFixture.running)
        try await sidecar.waitForOutput("container algo is running")

        try await fixture.pods.delete(fixture.podName, options: DeleteOptions(gracePeriodSeconds: 0))
        #expect(try await sidecar.waitForExit() == 1, "\(sidecar.log)")
        #expect(
            fixture.contents(failure)
                == "InternalServerError: the pod \(fixture.podName) was deleted before container algo terminated\n")
        #expect(!FileManager.default.fileExists(atPath: result))
        #expect(!FileManager.default.fileExists(atPath: fixture.modelArchive))
    }

    @Test func aMissingPodOrContainerFailsTheSidecar() async throws {
        let fixture = try await SidecarFixture.make("missing", containers: ["main", "runtime"])
        defer { fixture.tearDown() }
        let noContainer = try fixture.startSidecar(upload: true)
        defer { noContainer.kill() }
        #expect(try await noContainer.waitForExit() == 1, "\(noContainer.log)")
        #expect(
            fixture.contents(fixture.terminationLog)
                == "InternalServerError: the pod \(fixture.podName) has no container algo\n")

        let noPod = try fixture.startSidecar(upload: true, podName: "nowhere")
        defer { noPod.kill() }
        #expect(try await noPod.waitForExit() == 1, "\(noPod.log)")
        #expect(fixture.contents(fixture.terminationLog) == "InternalServerError: the pod nowhere does not exist\n")
    }

    @Test func aRefusedWatchFailsTheSidecar() async throws {
        let fixture = try await SidecarFixture.make("refused")
        defer { fixture.tearDown() }
        let kubeconfig = try await fixture.serviceAccountKubeconfig("nobody", watchingPods: false)
        let sidecar = try fixture.startSidecar(upload: true, kubeconfig: kubeconfig)
        defer { sidecar.kill() }

        #expect(try await sidecar.waitForExit() == 1, "\(sidecar.log)")
        let reason = fixture.contents(fixture.terminationLog) ?? ""
        #expect(reason.hasPrefix("InternalServerError: the pod \(fixture.podName) cannot be watched: "), "\(reason)")
        #expect(reason.contains("forbidden"), "\(reason)")
    }
}
