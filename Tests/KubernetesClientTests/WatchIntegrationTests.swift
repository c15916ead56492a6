import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing

/// Watches against a real kube-apiserver: resuming after the server cuts the stream, re-listing on 410.
@Suite struct WatchIntegrationTests {
    @Test func resumesAfterTheStreamIsCutWithoutRelisting() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "resume")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let configMaps = client.resources(.configMaps, namespace: namespace)
        _ = try await configMaps.create(ConfigMap(name: "before", labels: ["test": "watch"], data: [:]))

        // The server ends each watch after 1 s; objects created across several cuts must all arrive once, after a
        // single resync.
        let options = WatchOptions(
            labelSelector: "test=watch", timeout: .seconds(1), backoff: WatchBackoff(initialDelay: .milliseconds(50)))
        let watch = Task {
            try await withTimeout("watch events", .seconds(30)) {
                var resyncs: [[String]] = []
                var added: [String] = []
                for try await event in configMaps.watch(options) {
                    switch event {
                    case .resync(let objects, _): resyncs.append(objects.map(\.name))
                    case .added(let object): added.append(object.name)
                    case .modified, .deleted: break
                    }
                    if added.count == 3 { break }
                }
                return (resyncs, added)
            }
        }
        for index in 0..<3 {
            try await Task.sleep(for: .milliseconds(1300))
            _ = try await configMaps.create(ConfigMap(name: "after-\(index)", labels: ["test": "watch"], data: [:]))
        }
        let (resyncs, added) = try await watch.value
        #expect(resyncs == [["before"]])
        #expect(added == ["after-0", "after-1", "after-2"])
    }

    @Test func relistsWhenTheResourceVersionHasExpired() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "gone")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let events = client.resources(.events, namespace: namespace)
        _ = try await events.create(
            Event(json: [
                "metadata": ["name": "noted"], "reason": "Testing", "message": "hello", "type": "Normal",
                "involvedObject": ["kind": "ConfigMap", "name": "x", "namespace": .string(namespace)],
            ]))

        // Events are not in the API server's watch cache, and etcd has compacted version 1 away (the cluster
        // compacts every 2 s): 410 Gone, so the watch re-lists and delivers a resync.
        let options = WatchOptions(resourceVersion: "1", backoff: WatchBackoff(initialDelay: .milliseconds(50)))
        let first = try await withTimeout("resync", .seconds(20)) {
            for try await event in events.watch(options) { return event }
            throw SetupError("watch ended")
        }
        guard case .resync(let objects, let removed) = first else {
            Issue.record("expected a resync, got \(first)")
            return
        }
        #expect(objects.map(\.name) == ["noted"])
        #expect(objects.first?.reason == "Testing" && objects.first?.involvedObject.kind == "ConfigMap")
        #expect(removed.isEmpty)
    }

    @Test func cancellingTheTaskEndsTheWatch() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let watch = Task {
            var count = 0
            for try await _ in client.resources(.namespaces).watch() { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(500))
        watch.cancel()
        let count = try await withTimeout("cancelled watch", .seconds(5)) { try await watch.value }
        #expect(count >= 1)
    }
}
