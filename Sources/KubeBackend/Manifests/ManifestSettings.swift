/// What the manifests of every job share: where they go, the runtime image and its access, ports and sizes.
/// Read once at the edge (server configuration) into this value.
public struct ManifestSettings: Sendable, Equatable {
    /// A container's image pull policy.
    public enum ImagePullPolicy: String, Sendable {
        /// Pull on every start.
        case always = "Always"
        /// Pull when the node lacks the image.
        case ifNotPresent = "IfNotPresent"
        /// Never pull (the image is preloaded).
        case never = "Never"
    }

    /// The namespace of every object.
    public var namespace: String
    /// The image holding `/usr/local/bin/sage-runtime` (the trainer image).
    public var runtimeImage: String
    /// The Secret whose keys become the runtime's environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, ...);
    /// optional: without it the runtime can still reach `file://` locations.
    public var s3SecretName: String
    /// `AWS_ENDPOINT_URL_S3` for the runtime (an S3-compatible store), nil for AWS.
    public var s3EndpointURL: String?
    /// `AWS_REGION` for the runtime.
    public var region: String
    /// `MASTER_PORT`: the rank-0 host's port for distributed training.
    public var masterPort: Int
    /// The pods' service account; only the runtime container gets its token (see ``runtimeAccess``).
    public var serviceAccountName: String
    /// The pull policy of every container.
    public var imagePullPolicy: ImagePullPolicy
    /// Instance types to resources.
    public var instanceTypes: InstanceTypeTable
    /// The cluster's DNS domain, for the hosts' search path.
    public var clusterDomain: String
    /// CPU (request and limit) of each runtime container (staging, the sidecar).
    public var runtimeCPU: String
    /// Memory (request and limit) of each runtime container.
    public var runtimeMemory: String

    /// Settings with defaults for everything but the namespace.
    public init(
        namespace: String, runtimeImage: String = "sagetrain-trainer:latest", s3SecretName: String = "sagetrain-s3",
        s3EndpointURL: String? = nil, region: String = "us-east-1", masterPort: Int = 29_500,
        serviceAccountName: String = "sagetrain-runtime", imagePullPolicy: ImagePullPolicy = .ifNotPresent,
        instanceTypes: InstanceTypeTable = .standard, clusterDomain: String = "cluster.local",
        runtimeCPU: String = "500m", runtimeMemory: String = "512Mi"
    ) {
        self.namespace = namespace
        self.runtimeImage = runtimeImage
        self.s3SecretName = s3SecretName
        self.s3EndpointURL = s3EndpointURL
        self.region = region
        self.masterPort = masterPort
        self.serviceAccountName = serviceAccountName
        self.imagePullPolicy = imagePullPolicy
        self.instanceTypes = instanceTypes
        self.clusterDomain = clusterDomain
        self.runtimeCPU = runtimeCPU
        self.runtimeMemory = runtimeMemory
    }
}
