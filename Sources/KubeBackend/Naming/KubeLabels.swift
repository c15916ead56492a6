/// The labels and annotations that tie Kubernetes objects to training jobs, so that
/// `kubectl get configmaps,services,jobs,pods -l sagetrain.io/training-job=<name>` finds one job's objects and
/// `-l sagetrain.io/role=record` every job's record.
public enum KubeLabels {
    /// `app.kubernetes.io/managed-by`, on every object.
    public static let managedBy = "app.kubernetes.io/managed-by"
    /// The value of ``managedBy``.
    public static let manager = "sagetrain"
    /// The job's base name (``KubeObjectName/base``), on every object of the job and its pods.
    public static let trainingJob = "sagetrain.io/training-job"
    /// The host (`algo-N`), on per-host Jobs and their pods.
    public static let host = "sagetrain.io/host"
    /// What the object is to the job: `record`, `config`, `service` or `host`.
    public static let role = "sagetrain.io/role"
    /// The record's `TrainingJobStatus`, so that ListTrainingJobs' `StatusEquals` is a label selector.
    public static let status = "sagetrain.io/status"

    /// The original SageMaker `TrainingJobName` (annotation).
    public static let trainingJobNameAnnotation = "sagetrain.io/training-job-name"
    /// The job's number of hosts (annotation on its Jobs and pods), so that any control plane can follow them.
    public static let hostCountAnnotation = "sagetrain.io/host-count"
    /// The job's ARN (annotation).
    public static let trainingJobARNAnnotation = "sagetrain.io/training-job-arn"

    /// The label selector of every object of the job named `name`.
    public static func selector(for name: KubeObjectName) -> String { "\(trainingJob)=\(name.base)" }

    /// The label selector of every training job's record.
    public static var recordSelector: String { "\(managedBy)=\(manager),\(role)=record" }
}
