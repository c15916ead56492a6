import Glibc
import TrainingJobs

/// The one-line result or failure reason a runtime container leaves behind, written in place (open, truncate,
/// write): `/dev/termination-log` is a file mounted by the kubelet, which a rename cannot replace.
enum TerminationMessage {
    /// Writes `line` (cut to SageMaker's FailureReason length) and a newline to `path`; false when it cannot.
    @discardableResult
    static func write(_ line: String, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array((String(line.prefix(TrainingJob.maximumFailureReasonLength)) + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
