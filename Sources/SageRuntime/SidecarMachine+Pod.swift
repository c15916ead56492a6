import JobRuntime
import KubernetesClient

extension SidecarMachine.AlgorithmState {
    /// The state of container `name` in a snapshot of `pod`.
    init(pod: Pod, container name: String) {
        guard pod.containerNames.contains(name) else {
            self = .missing
            return
        }
        switch pod.containerStatus(named: name)?.state {
        case .running: self = .running
        case .terminated(let termination):
            self = .terminated(.init(exitCode: termination.exitCode, reason: termination.reason))
        case .waiting, .unknown, nil: self = .pending
        }
    }
}
