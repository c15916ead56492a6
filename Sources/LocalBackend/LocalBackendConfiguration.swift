import Foundation

/// How the local backend runs jobs; read once at the edge.
public struct LocalBackendConfiguration: Sendable {
    /// Where each job gets its working directory (`<jobsDirectory>/<job>/algo-N` stands in for `/opt/ml`).
    public var jobsDirectory: String
    /// Training image → local command.
    public var imageMap: ImageMap
    /// How long a stopped job's processes get between SIGTERM and SIGKILL (SageMaker gives 120 s).
    public var stopGracePeriod: Duration
    /// The CPUs each host reports in `SM_NUM_CPUS`.
    public var cpuCount: Int
    /// The region, for `AWS_REGION` and `AWS_DEFAULT_REGION` in the jobs' environment.
    public var region: String
    /// Variables of the server's environment passed on to jobs (PATH, HOME, locale, S3 access, ...).
    public var inheritedEnvironment: [String: String]
    /// The `sage-runtime` executable that stages inputs, syncs checkpoints and stores outputs around each host.
    public var runtimeExecutable: String

    /// The names of the server's variables jobs inherit by default.
    public static let inheritedVariableNames = [
        "PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "PYTHONPATH", "LD_LIBRARY_PATH",
        "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
        // S3 access for the jobs' runtime (and algorithms), as a SageMaker job has its role's credentials.
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE", "http_proxy", "https_proxy", "HTTPS_PROXY",
        "no_proxy", "NO_PROXY",
    ]

    /// `sage-runtime` in the directory of the running executable (the server, or the test runner).
    public static var runtimeBesideExecutable: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return (executable as NSString).deletingLastPathComponent + "/sage-runtime"
    }

    /// Creates a configuration.
    public init(
        jobsDirectory: String, imageMap: ImageMap, stopGracePeriod: Duration = .seconds(120), cpuCount: Int,
        region: String, inheritedEnvironment: [String: String],
        runtimeExecutable: String = LocalBackendConfiguration.runtimeBesideExecutable
    ) {
        self.runtimeExecutable = runtimeExecutable
        self.jobsDirectory = jobsDirectory
        self.imageMap = imageMap
        self.stopGracePeriod = stopGracePeriod
        self.cpuCount = cpuCount
        self.region = region
        self.inheritedEnvironment = inheritedEnvironment
    }
}
