import KubernetesClient
import Logging
import ServiceModel
import Synchronization
import TrainingJobs

/// The training jobs kept in the cluster: each job's record is `record.json` in its root ConfigMap
/// (``TrainingJobRecord``), its revision the ConfigMap's `resourceVersion`.
///
/// Creating the root is what reserves a name: the API server refuses a second create of the same object name,
/// and names differing only in case map to the same object (``KubeObjectName``). Replaces carry the revision
/// read as `metadata.resourceVersion` and deletes carry it as a precondition, so a lost race answers 409
/// Conflict, which becomes ``TrainingJobRecordError/conflict(current:)`` with the record as it is now. Deleting
/// the root (propagation `Background`) lets the garbage collector remove the job's other objects.
public final class ClusterJobRecords: TrainingJobRecords {
    private let configMaps: ResourceClient<ConfigMap>
    private let builder: ManifestBuilder
    private let logger: Logger
    /// The UIDs of roots this process created and the backend has not asked for yet (bounded).
    private let createdRoots = Mutex([String: String]())
    private static let createdRootsLimit = 1024

    /// Records in `settings.namespace` through `client`.
    public init(client: KubernetesClient, settings: ManifestSettings, logger: Logger) {
        configMaps = client.resources(.configMaps, namespace: settings.namespace)
        builder = ManifestBuilder(settings: settings)
        self.logger = logger
    }

    public func loadAll() async throws -> [RevisedTrainingJob] {
        try await configMaps.listAll(ListOptions(labelSelector: KubeLabels.recordSelector, limit: 500)).items
            .compactMap(revised)
    }

    public func create(_ job: TrainingJob) async throws -> Int {
        let created: ConfigMap
        do { created = try await configMaps.create(root(for: job)) } catch { throw try await refusal(error, job) }
        if let uid = created.metadata.uid {
            createdRoots.withLock { roots in
                if roots.count >= Self.createdRootsLimit { roots.removeAll() }
                roots[created.name] = uid
            }
        }
        return Self.revision(of: created)
    }

    /// The UID of the root of `name` if this process just created it (once): the backend's owner references need
    /// it, and this saves reading the root back.
    public func takeCreatedRootUID(of name: String) -> String? {
        createdRoots.withLock { $0.removeValue(forKey: KubeObjectName(trainingJobName: name).record) }
    }

    /// For a create refused with `error`: the name in use (with the existing job's ARN), or `error` itself.
    private func refusal(_ error: KubernetesError, _ job: TrainingJob) async throws -> any Error {
        guard error.reason == .alreadyExists else { return error }
        let existing = try await configMaps.get(KubeObjectName(trainingJobName: job.name).record)
        return TrainingJobRecordError.nameInUse(
            arn: existing.metadata.annotations[KubeLabels.trainingJobARNAnnotation] ?? job.arn)
    }

    public func replace(_ job: TrainingJob, revision: Int) async throws -> Int {
        var root = root(for: job)
        var metadata = root.metadata
        metadata.json = metadata.json.setting("resourceVersion", to: .string(String(revision)))
        root.metadata = metadata
        let replaced: ConfigMap
        do { replaced = try await configMaps.replace(root) } catch { throw try await conflict(job.name, after: error) }
        return Self.revision(of: replaced)
    }

    public func delete(_ job: TrainingJob, revision: Int) async throws {
        let options = DeleteOptions(propagationPolicy: .background, preconditionResourceVersion: String(revision))
        do {
            try await configMaps.delete(KubeObjectName(trainingJobName: job.name).record, options: options)
        } catch {
            throw try await conflict(job.name, after: error)
        }
    }

    public func changes() -> AsyncStream<TrainingJobRecordChange>? {
        let watcher = configMaps.watch(WatchOptions(labelSelector: KubeLabels.recordSelector))
        let source = ChangeSource(iterator: watcher.makeAsyncIterator(), records: self)
        return AsyncStream(unfolding: { await source.next() })
    }

    /// The root ConfigMap of `job`, its record written in.
    private func root(for job: TrainingJob) -> ConfigMap {
        let specification = TrainingJobSpecification(name: job.name, arn: job.arn, request: job.request)
        var root = builder.makeRecord(for: specification, names: KubeObjectName(trainingJobName: job.name))
        TrainingJobRecord.encode(job, into: &root)
        return root
    }

    /// For a write refused with `error`: the conflict with the record as it is now, or `error` itself.
    private func conflict(_ name: String, after error: KubernetesError) async throws -> any Error {
        guard error.reason == .conflict || error.reason == .notFound else { return error }
        let current: ConfigMap
        do { current = try await configMaps.get(KubeObjectName(trainingJobName: name).record) } catch {
            guard error.reason == .notFound else { throw error }
            return TrainingJobRecordError.conflict(current: nil)
        }
        return TrainingJobRecordError.conflict(current: revised(current))
    }

    /// The job recorded in `root`; nil (logged) for a record that cannot be read.
    func revised(_ root: ConfigMap) -> RevisedTrainingJob? {
        do {
            return RevisedTrainingJob(job: try TrainingJobRecord.decode(root), revision: Self.revision(of: root))
        } catch {
            logger.error("unreadable training job record skipped", metadata: ["kubernetes.name": "\(root.name)"])
            return nil
        }
    }

    /// A record's revision: its resourceVersion (etcd's revision, an integer on every API server).
    static func revision(of root: ConfigMap) -> Int {
        Int(root.metadata.resourceVersion ?? "") ?? 0
    }

    /// Pulls watch events one at a time as the consumer asks (no buffering), as record changes.
    private final class ChangeSource: @unchecked Sendable {
        // @unchecked: `AsyncStream(unfolding:)` calls `next()` one call at a time, so the iterator is never shared.
        private var iterator: Watcher<ConfigMap>.AsyncIterator
        private let records: ClusterJobRecords

        init(iterator: Watcher<ConfigMap>.AsyncIterator, records: ClusterJobRecords) {
            self.iterator = iterator
            self.records = records
        }

        func next() async -> TrainingJobRecordChange? {
            while true {
                let event: WatchEvent<ConfigMap>?
                do { event = try await iterator.next() } catch {
                    records.logger.error("watching the job records failed", metadata: ["error": "\(error)"])
                    return nil
                }
                guard let event else { return nil }
                switch event {
                case .added(let root), .modified(let root):
                    if let job = records.revised(root) { return .updated(job) }
                case .deleted(let root):
                    guard let name = root.metadata.annotations[KubeLabels.trainingJobNameAnnotation] else { continue }
                    return .deleted(name: name, revision: ClusterJobRecords.revision(of: root))
                case .resync(let roots, _):
                    return .resync(roots.compactMap(records.revised))
                }
            }
        }
    }
}
