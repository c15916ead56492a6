import KubernetesClient
import Logging
import TrainingJobs

extension KubeBackend {
    /// Applies a pod watch event.
    func apply(pod event: WatchEvent<Pod>) async {
        switch event {
        case .added(let pod), .modified(let pod):
            await observe(pod)
        case .deleted(let pod):
            guard let snapshot = HostSnapshot(pod: pod), let base = pod.metadata.labels[KubeLabels.trainingJob] else {
                return
            }
            await update(base: base, name: nil, hostCount: nil, isActive: false) { $0.remove(pod: snapshot) }
        case .resync(let pods, let removed):
            for pod in removed { await apply(pod: .deleted(pod)) }
            for pod in pods { await observe(pod) }
            await listed()
        }
    }

    /// Applies a Job watch event.
    func apply(job event: WatchEvent<Job>) async {
        switch event {
        case .added(let job), .modified(let job):
            await observe(job)
        case .deleted(let job):
            guard let base = job.metadata.labels[KubeLabels.trainingJob],
                let host = job.metadata.labels[KubeLabels.host]
            else { return }
            await update(base: base, name: nil, hostCount: nil, isActive: false) { $0.removeJob(host: host) }
        case .resync(let jobs, let removed):
            for job in removed { await apply(job: .deleted(job)) }
            for job in jobs { await observe(job) }
            await listed()
        }
    }

    private func observe(_ pod: Pod) async {
        guard let snapshot = HostSnapshot(pod: pod), let base = pod.metadata.labels[KubeLabels.trainingJob] else {
            return
        }
        let annotations = pod.metadata.annotations
        await update(
            base: base, name: annotations[KubeLabels.trainingJobNameAnnotation],
            hostCount: annotations[KubeLabels.hostCountAnnotation].flatMap { Int($0) },
            isActive: !(pod.phase?.isTerminal ?? false) && !pod.metadata.isBeingDeleted
        ) { $0.observe(snapshot) }
    }

    private func observe(_ job: Job) async {
        guard let base = job.metadata.labels[KubeLabels.trainingJob], let host = job.metadata.labels[KubeLabels.host]
        else { return }
        let annotations = job.metadata.annotations
        let state = HostJobState(job: job)
        await update(
            base: base, name: annotations[KubeLabels.trainingJobNameAnnotation],
            hostCount: annotations[KubeLabels.hostCountAnnotation].flatMap { Int($0) },
            isActive: state == .active && !job.metadata.isBeingDeleted
        ) { $0.observe(job: state, host: host) }
    }
}
