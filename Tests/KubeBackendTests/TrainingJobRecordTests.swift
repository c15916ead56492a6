import KubernetesClient
import ServiceModel
import Testing
import TrainingJobs

@testable import KubeBackend

@Suite struct TrainingJobRecordTests {
    @Test func aRecordRoundTripsThroughTheRootConfigMap() throws {
        let specification = SampleJobs.job()
        var job = TrainingJob(
            name: specification.name, arn: specification.arn, request: specification.request,
            tags: [JobTag(key: "team", value: "ml")], creationTime: 1_700_000_000)
        _ = try job.handle(.inputStagingStarted, at: 1_700_000_010)
        _ = try job.handle(.algorithmStarted, at: 1_700_000_020)
        job.finalMetrics = [MetricDatum(metricName: "loss", value: 0.25, timestamp: 1_700_000_030)]
        var root = try ManifestBuilder(settings: ManifestSettings(namespace: "ml")).makePlan(for: specification).record
        root.json = root.json.setting(
            "metadata", to: root.metadata.json.setting("resourceVersion", to: "42").setting("uid", to: "u-1"))
        TrainingJobRecord.encode(job, into: &root)
        #expect(root.metadata.resourceVersion == "42")
        #expect(root.metadata.labels[KubeLabels.status] == "InProgress")
        #expect(root.metadata.labels[KubeLabels.role] == "record")
        let decoded = try TrainingJobRecord.decode(root)
        #expect(decoded == job)
        #expect(decoded.transitions.count == job.transitions.count)
    }

    @Test func aForeignOrDamagedRecordIsAnError() {
        let cases: [[String: String]] = [
            [:], ["record.json": "{"], ["record.json": #"{"format": 2, "job": {}}"#],
            ["record.json": #"{"format": 1, "job": {"name": "x"}}"#],
        ]
        for data in cases {
            let error = #expect(throws: KubeBackendError.self) {
                try TrainingJobRecord.decode(ConfigMap(name: "r", data: data))
            }
            #expect(error?.code == .invalidRecord)
        }
    }
}
