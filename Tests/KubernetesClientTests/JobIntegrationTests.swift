import KubeTestSupport
import KubernetesClient
import ServiceModel
import Testing

/// Jobs with the real Job controller; the test plays the kubelet by patching `pods/status`.
@Suite struct JobIntegrationTests {
    static func job(_ name: String) -> Job {
        Job(json: [
            "metadata": ["name": .string(name), "labels": ["sagetrain/test": "job"]],
            "spec": [
                "backoffLimit": 0,
                "template": [
                    "spec": [
                        "restartPolicy": "Never",
                        "containers": [
                            ["name": "algo", "image": "example.invalid/train:latest", "command": ["train"]]
                        ],
                    ]
                ],
            ],
        ])
    }

    /// The pod the Job controller creates for `job` (once the namespace's service account exists).
    static func pod(of job: String, in pods: ResourceClient<Pod>) async throws -> Pod {
        var found: Pod?
        try await eventually("a pod for job \(job)", timeout: .seconds(40)) {
            found = try await pods.list(ListOptions(labelSelector: "job-name=\(job)")).items.first
            return found != nil
        }
        return try #require(found)
    }

    @Test func watchSeesPodTransitionsAndTheJobCompleting() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "job")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let jobs = client.resources(.jobs, namespace: namespace)
        let pods = client.resources(.pods, namespace: namespace)

        // Watch pods from the start: the watch lists (empty), then sees the pod added and changing. The Job is
        // created only once that first list is in, so no transition can fall before the watch.
        let (listed, listedSignal) = AsyncStream<Void>.makeStream()
        let phases = Task {
            try await withTimeout("pod phases", .seconds(50)) {
                var seen: [String] = []
                for try await event in pods.watch(WatchOptions(labelSelector: "job-name=train")) {
                    switch event {
                    case .added(let pod), .modified(let pod):
                        let phase = pod.phase?.rawValue ?? "?"
                        if seen.last != phase { seen.append(phase) }
                        if pod.phase == .succeeded { return seen }
                    case .resync: listedSignal.yield()
                    case .deleted: continue
                    }
                }
                return seen
            }
        }
        for await _ in listed { break }
        let created = try await jobs.create(Self.job("train"))
        #expect(created.backoffLimit == 0)
        let pod = try await Self.pod(of: "train", in: pods)
        #expect(pod.phase == .pending)
        #expect(pod.metadata.ownerReferences.first { $0.isController }?.uid == created.metadata.uid)
        #expect(pod.containerNames == ["algo"])

        _ = try await pods.patch(pod.name, with: ["status": ["phase": "Running"]], subresource: "status")
        let finished = try await pods.patch(
            pod.name,
            with: [
                "status": [
                    "phase": "Succeeded",
                    "containerStatuses": [
                        [
                            "name": "algo", "ready": false, "restartCount": 0, "image": "example.invalid/train:latest",
                            "imageID": "", "state": ["terminated": ["exitCode": 0, "reason": "Completed"]],
                        ]
                    ],
                ]
            ], subresource: "status")
        #expect(finished.containerStatus(named: "algo")?.state == .terminated(.init(exitCode: 0, reason: "Completed")))
        #expect(try await phases.value == ["Pending", "Running", "Succeeded"])

        // The Job controller notices; a watch on the Job sees it become Complete.
        let complete = try await withTimeout("job Complete", .seconds(30)) {
            for try await event in jobs.watch(WatchOptions(fieldSelector: "metadata.name=train")) {
                switch event {
                case .resync(let objects, _): if let job = objects.first, job.isComplete { return job }
                case .added(let job), .modified(let job): if job.isComplete { return job }
                case .deleted: break
                }
            }
            throw SetupError("watch ended")
        }
        #expect(complete.succeededPods == 1 && complete.activePods == 0 && complete.isFinished)

        // Events about the Job, from the Job controller.
        let events = try await client.resources(.events, namespace: namespace).list(
            ListOptions(fieldSelector: "involvedObject.name=train"))
        #expect(events.items.contains { $0.reason == "SuccessfulCreate" && $0.involvedObject.kind == "Job" })
    }

    @Test func deletionPropagatesForegroundAndBackground() async throws {
        let cluster = try await KubeCluster.shared()
        let client = try cluster.client()
        let namespace = try await cluster.makeNamespace(client, prefix: "delete")
        defer { Task { try? await client.resources(.namespaces).delete(namespace) } }
        let jobs = client.resources(.jobs, namespace: namespace)
        let pods = client.resources(.pods, namespace: namespace)
        _ = try await jobs.create(Self.job("front"))
        _ = try await jobs.create(Self.job("back"))
        _ = try await Self.pod(of: "front", in: pods)
        _ = try await Self.pod(of: "back", in: pods)

        // Foreground: the Job stays, marked, until the garbage collector has deleted its pod.
        let marked = try #require(
            try await jobs.delete("front", options: DeleteOptions(propagationPolicy: .foreground)))
        #expect(marked.metadata.isBeingDeleted && marked.metadata.finalizers.contains("foregroundDeletion"))
        try await eventually("job front gone") {
            do {
                _ = try await jobs.get("front")
                return false
            } catch let error as KubernetesError where error.reason == .notFound {
                return true
            }
        }
        #expect(try await pods.list(ListOptions(labelSelector: "job-name=front")).items.isEmpty)

        // Background: the Job goes at once, its pod afterwards.
        _ = try await jobs.delete("back", options: DeleteOptions(propagationPolicy: .background, gracePeriodSeconds: 0))
        await #expect(throws: KubernetesError.self) { try await jobs.get("back") }
        try await eventually("pod of job back gone") {
            try await pods.list(ListOptions(labelSelector: "job-name=back")).items.isEmpty
        }
    }
}
