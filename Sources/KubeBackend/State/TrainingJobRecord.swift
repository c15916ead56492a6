import KubernetesClient
import ServiceModel
import TrainingJobs

/// A training job's state as it lives in the cluster: `record.json` in the root ConfigMap, so that Describe and
/// List are answered from the cluster alone, by a restarted or a second control plane alike, and a finished
/// job stays describable after its Jobs and pods are gone.
///
/// `record.json` is `{"format": 1, "job": <TrainingJob.storedRepresentation>}`: the request, status, secondary
/// transitions, failure reason, final metrics, artifacts and tags. The root's `sagetrain.io/status` label mirrors
/// the status (ListTrainingJobs' `StatusEquals` as a label selector). A ConfigMap holds at most 1 MiB; a record
/// is a few KiB (the request is bounded by SageMaker's limits, metrics by the 40 definitions).
///
/// Updates are optimistic: read the root, decode, apply the event, ``encode(_:into:)`` into the same object
/// (its `metadata.resourceVersion` kept) and `replace` it; a 409 Conflict means another writer won, so read
/// again and re-apply.
public enum TrainingJobRecord {
    /// The ConfigMap key of the record.
    public static let dataKey = "record.json"
    /// The record format this code writes and reads.
    public static let format: Int64 = 1

    /// Writes `job` into the root ConfigMap `root` (its other data, metadata and resourceVersion kept).
    public static func encode(_ job: TrainingJob, into root: inout ConfigMap) {
        let document: JSONValue = ["format": .int(format), "job": job.storedRepresentation]
        var data = root.json["data"]?.objectValue ?? [:]
        data[dataKey] = .string(document.jsonString)
        root.json = root.json.setting("data", to: .object(data))
        var metadata = root.metadata
        metadata.labels[KubeLabels.status] = job.status.rawValue
        root.metadata = metadata
    }

    /// The job recorded in `root`.
    public static func decode(_ root: ConfigMap) throws(KubeBackendError) -> TrainingJob {
        guard let text = root.data[dataKey] else { throw invalid(root, "has no \(dataKey)") }
        let document: JSONValue
        do { document = try JSONValue(parsing: text) } catch { throw invalid(root, "is not JSON: \(error)") }
        guard let version = document["format"]?.int64Value, version == format else {
            throw invalid(root, "has an unknown format \(document["format"]?.jsonString ?? "(none)")")
        }
        guard let stored = document["job"], let job = TrainingJob(storedRepresentation: stored) else {
            throw invalid(root, "does not hold a training job")
        }
        return job
    }

    private static func invalid(_ root: ConfigMap, _ problem: String) -> KubeBackendError {
        KubeBackendError(code: .invalidRecord, message: "the record \(root.name) \(problem)")
    }
}
