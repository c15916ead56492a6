/// Where things are inside a training pod.
enum PodPaths {
    /// The ML root (an emptyDir shared by every container).
    static let mlRoot = "/opt/ml"
    /// The configuration files the algorithm reads (the ConfigMap, read-only).
    static let configuration = "/opt/ml/input/config"
    /// SageMaker's failure file: the `algo` and `stage` containers' termination message.
    static let failureFile = "/opt/ml/output/failure"
    /// The runtime's directory: the job document.
    static let runtimeDirectory = "/etc/sagetrain"
    /// The job document the runtime reads.
    static let jobDocument = "/etc/sagetrain/job.json"
    /// The runtime executable in the runtime image.
    static let runtimeExecutable = "/usr/local/bin/sage-runtime"
    /// Where in-cluster clients look for the service-account token, CA and namespace (runtime container only).
    static let serviceAccount = "/var/run/secrets/kubernetes.io/serviceaccount"
    /// The default termination message path, where the runtime sidecar writes its result.
    static let terminationLog = "/dev/termination-log"
}
