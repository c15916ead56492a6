/// The tasks following pods' logs, by pod and by job, so that forgetting a job or shutting down cancels them.
struct LogFollowers {
    private var tasks: [String: (job: String, task: Task<Void, Never>)] = [:]

    /// Records `task`, which follows the pod `pod` of the job `job` (its Kubernetes base name).
    mutating func add(_ task: Task<Void, Never>, pod: String, job: String) {
        tasks[pod]?.task.cancel()
        tasks[pod] = (job, task)
    }

    /// Forgets the follower of `pod` (it ended).
    mutating func finished(pod: String) {
        tasks[pod] = nil
    }

    /// Removes and returns the followers of the job `job`.
    mutating func remove(job: String) -> [Task<Void, Never>] {
        let removed = tasks.filter { $0.value.job == job }
        removed.keys.forEach { tasks[$0] = nil }
        return removed.values.map(\.task)
    }

    /// Removes and returns every follower.
    mutating func removeAll() -> [Task<Void, Never>] {
        defer { tasks.removeAll() }
        return tasks.values.map(\.task)
    }
}
