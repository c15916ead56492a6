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
    /// Variables of the server's environment passed on to jobs (PATH, HOME, locale, ...).
    public var inheritedEnvironment: [String: String]

    /// The names of the server's variables jobs inherit by default.
    public static let inheritedVariableNames = [
        "PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "PYTHONPATH", "LD_LIBRARY_PATH",
        "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
    ]

    /// Creates a configuration.
    public init(
        jobsDirectory: String, imageMap: ImageMap, stopGracePeriod: Duration = .seconds(120), cpuCount: Int,
        region: String, inheritedEnvironment: [String: String]
    ) {
        self.jobsDirectory = jobsDirectory
        self.imageMap = imageMap
        self.stopGracePeriod = stopGracePeriod
        self.cpuCount = cpuCount
        self.region = region
        self.inheritedEnvironment = inheritedEnvironment
    }
}
