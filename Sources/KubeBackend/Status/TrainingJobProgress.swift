import Foundation
import KubernetesClient
import TrainingJobs

/// One training job's progress as the cluster shows it, turned into the lifecycle's events (pure: no I/O).
///
/// Fed with the hosts' pods and Jobs as watches deliver them, it reports each milestone once, in order:
/// staging (`stage` started: Downloading), the algorithm (`algo` started: Training), the upload (`algo` on `algo-1`
/// ended and the sidecar still runs: Uploading), and the end: every host's Job complete (Completed, with the
/// artifacts the sidecar named), a host failed (Failed, with the failure file's reason, OOMKilled or the exit
/// code; the other hosts are deleted), an image that cannot be pulled, the deadline (MaxRuntimeExceeded: the
/// job stops and still uploads), or, once pods are being deleted (a stop), the sidecar's result.
/// Every event is safe to repeat: the lifecycle ignores what no longer applies, so two control planes watching
/// the same job agree.
public struct TrainingJobProgress: Sendable {
    private enum Milestone: Hashable {
        case staging, algorithm, upload, deadline, finished
    }

    /// The job's hosts, `algo-1` first.
    public let hostNames: [String]
    private var pods: [String: HostSnapshot] = [:]
    private var jobs: [String: HostJobState] = [:]
    private var reported: Set<Milestone> = []
    private var failures: [String: String] = [:]
    private var followed: Set<String> = []
    private var isStopping = false
    private var hasSeenObjects = false

    /// The progress of a job with hosts `hostNames`.
    public init(hostNames: [String]) {
        self.hostNames = hostNames
    }

    /// Whether the job's end was reported.
    public var isFinished: Bool { reported.contains(.finished) }

    /// Takes in a host's pod as it is now.
    public mutating func observe(_ pod: HostSnapshot) -> [ProgressOutput] {
        hasSeenObjects = true
        if let current = pods[pod.host], current.podUID != pod.podUID, current.creationTimestamp > pod.creationTimestamp
        {
            return []  // an older attempt's late update
        }
        pods[pod.host] = pod
        if let reason = Self.failureReason(of: pod) { failures[pod.host] = reason }
        return evaluate()
    }

    /// A host's pod is gone.
    public mutating func remove(pod: HostSnapshot) -> [ProgressOutput] {
        guard pods[pod.host]?.podUID == pod.podUID else { return [] }
        if let reason = Self.failureReason(of: pod) { failures[pod.host] = reason }
        pods[pod.host] = nil
        return evaluate()
    }

    /// Takes in a host's Job as it is now.
    public mutating func observe(job state: HostJobState, host: String) -> [ProgressOutput] {
        hasSeenObjects = true
        jobs[host] = state
        return evaluate()
    }

    /// A host's Job is gone (deleted by a stop, a failure elsewhere, or by hand).
    public mutating func removeJob(host: String) -> [ProgressOutput] {
        jobs[host] = nil
        isStopping = true
        return evaluate()
    }

    /// The platform stops the job: delete the hosts; the sidecar's upload (or the pods' end) finishes it.
    public mutating func stop() -> [ProgressOutput] {
        isStopping = true
        return isFinished ? [] : [.deleteHosts] + evaluate()
    }

    /// After a full listing found none of the job's objects: a job from an earlier run whose Jobs and pods are
    /// gone. It never runs again: it is reported failed (or, when it was stopping, stopped).
    public mutating func objectsMissing() -> [ProgressOutput] {
        guard !hasSeenObjects, !isFinished else { return [] }
        reported.insert(.finished)
        return [
            .report(
                .runtimeFailed(
                    reason: "InternalServerError: the job's Kubernetes Jobs and pods are gone; it was not restarted."))
        ]
    }

    private mutating func evaluate() -> [ProgressOutput] {
        guard !isFinished else { return [] }
        var outputs: [ProgressOutput] = []
        func once(_ milestone: Milestone, _ event: TrainingJobEvent) {
            if reported.insert(milestone).inserted { outputs.append(.report(event)) }
        }
        let snapshots = hostNames.compactMap { pods[$0] }
        let stopping = isStopping || snapshots.contains { $0.isBeingDeleted }

        if snapshots.contains(where: { HostSnapshot.hasStarted($0.stage) || HostSnapshot.hasStarted($0.algorithm) }) {
            once(.staging, .inputStagingStarted)
        }
        for pod in snapshots where HostSnapshot.hasStarted(pod.algorithm) && followed.insert(pod.podUID).inserted {
            // The stream is named after the pod's start (its creation when the start is not reported yet), so that
            // following it again after a restart continues the same stream.
            let started = pod.startTime ?? (pod.creationTimestamp.isEmpty ? nil : pod.creationTimestamp)
            outputs.append(.followLogs(podName: pod.podName, host: pod.host, startTime: started))
        }
        if snapshots.contains(where: { HostSnapshot.hasStarted($0.algorithm) }) {
            once(.algorithm, .algorithmStarted)
        }
        if let fatal = snapshots.lazy.compactMap({ pod in pod.fatalWaiting.map { (pod, $0) } }).first {
            let (pod, waiting) = fatal
            let subject =
                waiting.container == "algo"
                ? "The training image \(pod.algorithmImage.map { "'\($0)' " } ?? "")could not be started"
                : "The \(waiting.container) container could not be started"
            return finish(
                outputs,
                .runtimeFailed(
                    reason: "ClientError: \(subject): \(waiting.reason)\(waiting.message.map { ": \($0)" } ?? "")"),
                deleting: true)
        }
        if hostNames.contains(where: { jobs[$0] == .deadlineExceeded }) {
            isStopping = true
            once(.deadline, .maxRuntimeExceeded)
        }
        if !stopping, let failed = hostNames.first(where: { if case .failed = jobs[$0] { true } else { false } }) {
            guard case .failed(let message) = jobs[failed] else { return outputs }
            // The Job can be seen failed before its pod's last status (two watches): wait for the pod's reason.
            if failures[failed] == nil, let pod = pods[failed], pod.phase != .failed { return outputs }
            let reason =
                failures[failed] ?? "AlgorithmError: host \(failed) failed\(message.map { ": \($0)" } ?? "")"
            return finish(outputs, .algorithmExited(failureReason: reason), deleting: hostNames.count > 1)
        }
        let first = hostNames[0]
        if let leader = pods[first], let algorithm = HostSnapshot.termination(leader.algorithm),
            algorithm.exitCode == 0 || stopping || isStopping, case .running = leader.runtime
        {
            once(.upload, .uploadStarted)
        }
        if let leader = pods[first], let runtime = HostSnapshot.termination(leader.runtime) {
            if runtime.exitCode != 0 {
                let reason =
                    Self.trimmed(runtime.message)
                    ?? "ClientError: the output upload failed (exit code \(runtime.exitCode))"
                return finish(outputs, .runtimeFailed(reason: reason), deleting: hostNames.count > 1)
            }
            if stopping || isStopping {
                return finish(outputs, .uploadFinished(modelArtifacts: Self.artifacts(in: runtime.message)))
            }
        }
        let leaderResultKnown = pods[first].map { HostSnapshot.termination($0.runtime) != nil } ?? true
        if hostNames.allSatisfy({ jobs[$0] == .complete }), leaderResultKnown {
            once(.upload, .uploadStarted)
            let artifacts = pods[first].flatMap { HostSnapshot.termination($0.runtime) }.flatMap {
                Self.artifacts(in: $0.message)
            }
            outputs.append(.report(.algorithmExited(failureReason: nil)))
            return finish(outputs, .uploadFinished(modelArtifacts: artifacts))
        }
        if hasSeenObjects, pods.isEmpty, jobs.isEmpty {
            return finish(
                outputs,
                .runtimeFailed(reason: "InternalServerError: the job's pods were deleted before it finished."))
        }
        return outputs
    }

    private mutating func finish(
        _ outputs: [ProgressOutput], _ event: TrainingJobEvent, deleting: Bool = false
    ) -> [ProgressOutput] {
        reported.insert(.finished)
        return outputs + [.report(event)] + (deleting ? [.deleteHosts] : [])
    }

    /// Why a pod's attempt failed, in SageMaker's words; nil while it has not.
    static func failureReason(of pod: HostSnapshot) -> String? {
        if let stage = HostSnapshot.termination(pod.stage), stage.exitCode != 0 {
            return trimmed(stage.message) ?? "ClientError: Data download failed (exit code \(stage.exitCode))."
        }
        if let algorithm = HostSnapshot.termination(pod.algorithm), algorithm.exitCode != 0 {
            if algorithm.reason == "OOMKilled" {
                return
                    "OutOfMemoryError: Please use an instance type with more memory, or reduce the size of job data processed on an instance."
            }
            return trimmed(algorithm.message) ?? "AlgorithmError: Exit Code: \(algorithm.exitCode)"
        }
        if pod.phase == .failed, let reason = pod.reason {
            return "InternalServerError: the pod of \(pod.host) failed: \(reason)\(pod.message.map { ": \($0)" } ?? "")"
        }
        return nil
    }

    /// The model artifacts the sidecar reported (`model artifacts: <uri>`), nil for none.
    static func artifacts(in message: String?) -> String? {
        guard let line = trimmed(message), line.hasPrefix("model artifacts: ") else { return nil }
        let uri = String(line.dropFirst("model artifacts: ".count))
        return uri == "none" || uri.isEmpty ? nil : uri
    }

    /// A termination message without surrounding white space, cut to a failure reason's length; nil when empty.
    private static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(TrainingJob.maximumFailureReasonLength))
    }
}
