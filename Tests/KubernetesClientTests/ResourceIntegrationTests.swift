import HTTPTransport
import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing

/// Create, get, list, patch and delete against a real kube-apiserver, and its errors decoded.
@Suite struct ResourceIntegrationTests {
    @Test func configMapsSecretsAndServices() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        #expect(client.configuration.server.hasPrefix("https://127.0.0.1:"))
        #expect(client.configuration.tls.caPEM != nil && !client.configuration.tls.insecureSkipVerify)
        let namespace = try await cluster.makeNamespace(client, prefix: "crud")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }

        // ConfigMap: create, get, list by label, merge patch, delete.
        let configMaps = client.resources(.configMaps, namespace: namespace)
        let created = try await configMaps.create(
            ConfigMap(name: "settings", labels: ["app": "train"], data: ["epochs": "3"]))
        #expect(created.metadata.uid != nil)
        #expect(created.metadata.resourceVersion != nil)
        _ = try await configMaps.create(ConfigMap(name: "unrelated", data: [:]))
        #expect(try await configMaps.get("settings").data == ["epochs": "3"])
        let listed = try await configMaps.list(ListOptions(labelSelector: "app=train"))
        #expect(listed.items.map(\.name) == ["settings"])
        #expect(!listed.resourceVersion.isEmpty)
        // Every namespace also gets the cluster's CA as the `kube-root-ca.crt` ConfigMap, from a controller that
        // may not have reached this new namespace yet: wait for it, then list page by page.
        try await eventually("kube-root-ca.crt published", timeout: .seconds(30)) {
            (try? await configMaps.get("kube-root-ca.crt")) != nil
        }
        let paged = try await configMaps.listAll(ListOptions(limit: 1))
        #expect(paged.items.map(\.name).sorted() == ["kube-root-ca.crt", "settings", "unrelated"])
        let patched = try await configMaps.patch(
            "settings", with: ["data": ["epochs": "5", "lr": "0.1"], "metadata": ["annotations": ["a": "b"]]])
        #expect(patched.data == ["epochs": "5", "lr": "0.1"])
        #expect(patched.metadata.annotations == ["a": "b"])
        #expect(try await configMaps.delete("settings") == nil)
        await #expect(throws: KubernetesError.self) { try await configMaps.get("settings") }

        // Secret: bytes round-trip; strategic merge patch.
        let secrets = client.resources(.secrets, namespace: namespace)
        let secret = try await secrets.create(Secret(name: "keys", data: ["key": [0, 1, 2, 255]]))
        #expect(secret.data == ["key": [0, 1, 2, 255]])
        let secretPatched = try await secrets.patch(
            "keys", with: ["stringData": ["token": "abc"]], type: .strategicMerge)
        #expect(secretPatched.data["token"] == Array("abc".utf8))
        #expect(secretPatched.data["key"] == [0, 1, 2, 255])
        try await secrets.delete("keys")

        // Service: headless, patched, deleted.
        let services = client.resources(.services, namespace: namespace)
        let service = try await services.create(
            Service(json: [
                "metadata": ["name": "training-hosts"],
                "spec": ["clusterIP": "None", "selector": ["job": "x"], "ports": [["name": "any", "port": 7777]]],
            ]))
        #expect(service.isHeadless)
        #expect(service.selector == ["job": "x"])
        let servicePatched = try await services.patch("training-hosts", with: ["spec": ["selector": ["job": "y"]]])
        #expect(servicePatched.selector == ["job": "y"])
        try await services.delete("training-hosts", options: DeleteOptions(propagationPolicy: .background))
        #expect(try await services.list().items.isEmpty)
    }

    @Test func statusErrorsAreDecoded() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "errors")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let configMaps = client.resources(.configMaps, namespace: namespace)
        let original = try await configMaps.create(ConfigMap(name: "one", data: [:]))

        let exists = try await #require(throws: KubernetesError.self) {
            try await configMaps.create(ConfigMap(name: "one", data: [:]))
        }
        #expect(exists.code == .status && exists.reason == .alreadyExists && exists.httpStatus == 409)
        #expect(exists.status?.name == "one" && exists.status?.kind == "configmaps")

        let missing = try await #require(throws: KubernetesError.self) { try await configMaps.get("two") }
        #expect(missing.reason == .notFound && missing.httpStatus == 404)
        #expect(missing.message.contains("\"two\" not found"))

        let invalid = try await #require(throws: KubernetesError.self) {
            try await configMaps.create(ConfigMap(name: "Not_Valid", data: [:]))
        }
        #expect(invalid.reason == .invalid && invalid.httpStatus == 422)
        #expect(invalid.status?.causes.contains { $0.field == "metadata.name" } == true)

        let conflict = try await #require(throws: KubernetesError.self) {
            try await configMaps.delete("one", options: DeleteOptions(preconditionUID: "not-the-uid"))
        }
        #expect(conflict.reason == .conflict && conflict.httpStatus == 409)
        try await configMaps.delete("one", options: DeleteOptions(preconditionUID: original.metadata.uid))

        let unknownNamespace = client.resources(.configMaps, namespace: "no-such-namespace-\(namespace)")
        let noNamespace = try await #require(throws: KubernetesError.self) {
            try await unknownNamespace.create(ConfigMap(name: "x", data: [:]))
        }
        #expect(noNamespace.reason == .notFound)

        let wrongToken = KubernetesConfiguration(
            server: client.configuration.server, tls: client.configuration.tls, credentials: .bearerToken("wrong"))
        let unauthorized = try await #require(throws: KubernetesError.self) {
            try await KubernetesClient(configuration: wrongToken).resources(.configMaps, namespace: namespace).list()
        }
        #expect(unauthorized.reason == .unauthorized && unauthorized.httpStatus == 401)
    }

    @Test func verificationFailsWithoutTheCA() async throws {
        let cluster = try await KubeCluster.shared()
        let configured = try cluster.client().configuration
        var configuration = configured
        configuration.tls.caPEM = nil
        let error = try await #require(throws: KubernetesError.self) {
            try await KubernetesClient(configuration: configuration).resources(.namespaces).list()
        }
        #expect(error.code == .transport && error.transportError?.code == .tls)
    }
}
