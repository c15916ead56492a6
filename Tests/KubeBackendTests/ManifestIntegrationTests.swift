import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing
import TrainingJobs

@testable import KubeBackend

/// A 2-host job's manifests against a real kube-apiserver (which validates them) and controller-manager (whose
/// Job controller makes the pods and whose garbage collector follows the owner references). No kubelet: pods
/// stay Pending, which is all these checks need.
@Suite struct ManifestIntegrationTests {
    @Test func aTwoHostJobIsAcceptedFoundByLabelAndCollectedWithItsRoot() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "kb")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let settings = ManifestSettings(namespace: namespace, s3EndpointURL: "http://minio.storage:9000")

        let access = RuntimeAccess(settings: settings)
        _ = try await client.resources(RuntimeAccess.serviceAccounts, namespace: namespace).create(
            access.serviceAccount)
        _ = try await client.resources(RuntimeAccess.roles, namespace: namespace).create(access.role)
        _ = try await client.resources(RuntimeAccess.roleBindings, namespace: namespace).create(access.roleBinding)

        let specification = SampleJobs.job(extra: ["RetryStrategy": ["MaximumRetryAttempts": 1]])
        let plan = try ManifestBuilder(settings: settings).makePlan(for: specification)
        var record = plan.record
        let job = TrainingJob(
            name: specification.name, arn: specification.arn, request: specification.request, tags: [],
            creationTime: 1_700_000_000)
        TrainingJobRecord.encode(job, into: &record)

        let configMaps = client.resources(.configMaps, namespace: namespace)
        let services = client.resources(.services, namespace: namespace)
        let jobs = client.resources(.jobs, namespace: namespace)
        let pods = client.resources(.pods, namespace: namespace)
        let root = try await configMaps.create(record)
        let owned = try plan.owned(by: root)
        _ = try await configMaps.create(owned.configuration)
        _ = try await services.create(try #require(owned.service))
        for kubeJob in owned.jobs { _ = try await jobs.create(kubeJob) }

        // The record reads back from the cluster alone.
        #expect(try TrainingJobRecord.decode(try await configMaps.get(plan.names.record)) == job)
        let records = try await configMaps.list(ListOptions(labelSelector: KubeLabels.recordSelector)).items
        #expect(records.map(\.name) == [plan.names.record])

        // Everything but the root is owned by it.
        let selector = ListOptions(labelSelector: KubeLabels.selector(for: plan.names))
        let storedService = try await services.get(plan.names.service)
        #expect(storedService.isHeadless)
        let storedJobs = try await jobs.list(selector).items
        #expect(Set(storedJobs.map(\.name)) == Set(owned.jobs.map(\.name)))
        #expect(storedJobs.allSatisfy { $0.backoffLimit == 1 && $0.activeDeadlineSeconds == 3600 })
        let dependents: [ObjectMetadata] =
            [try await configMaps.get(plan.names.configuration).metadata, storedService.metadata]
            + storedJobs.map(\.metadata)
        for metadata in dependents {
            #expect(metadata.ownerReferences.map(\.uid) == [root.metadata.uid ?? "?"], "\(metadata.name ?? "")")
        }

        // The Job controller makes one pod per host, named and placed for DNS, found by the job's label.
        var found: [Pod] = []
        try await eventually("a pod per host", timeout: .seconds(60)) {
            found = try await pods.list(selector).items
            return found.count == 2
        }
        let hosts = found.map { $0.json["spec"]?["hostname"]?.stringValue ?? "" }.sorted()
        #expect(hosts == ["algo-1", "algo-2"])
        #expect(found.allSatisfy { $0.json["spec"]?["subdomain"]?.stringValue == plan.names.service })
        #expect(found.allSatisfy { $0.containerNames == ["algo", "runtime"] })
        // Nothing was dropped silently (a 1.20 API server drops fields it does not know).
        let podSpec = try #require(found.first?.json["spec"])
        #expect(podSpec["dnsConfig"]?["searches"]?.arrayValue?.count == 1)
        #expect(podSpec["enableServiceLinks"] == false)
        #expect(podSpec["volumes"]?.arrayValue?.contains { $0["projected"] != nil } == true)
        let algo = podSpec["containers"]?.arrayValue?.first
        #expect(algo?["terminationMessagePath"] == "/opt/ml/output/failure")
        #expect(algo?["resources"]?["limits"]?["ephemeral-storage"] == "5Gi")
        let hostPods = try await pods.list(ListOptions(labelSelector: "\(KubeLabels.host)=algo-2")).items
        #expect(hostPods.count == 1)

        // Deleting the root lets the garbage collector remove the rest, the pods included.
        try await configMaps.delete(plan.names.record, options: DeleteOptions(propagationPolicy: .background))
        try await eventually("the job's objects collected", timeout: .seconds(60)) {
            let remaining =
                try await configMaps.list(selector).items.count + services.list(selector).items.count
                + jobs.list(selector).items.count + pods.list(selector).items.count
            return remaining == 0
        }
    }
}
