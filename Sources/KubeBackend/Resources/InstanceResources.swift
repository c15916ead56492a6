/// What one SageMaker instance type gets in Kubernetes: CPU, memory, GPUs and, optionally, the nodes it may run on.
public struct InstanceResources: Sendable, Equatable {
    /// CPU in thousandths of a core (`2000` for 2 CPUs).
    public var milliCPU: Int
    /// Memory as a Kubernetes quantity (`8Gi`).
    public var memory: String
    /// The number of GPUs (the table's GPU resource, `nvidia.com/gpu` by default).
    public var gpuCount: Int
    /// Node labels the pod must match (`node.kubernetes.io/instance-type: ...`), empty for any node.
    public var nodeSelector: [String: String]

    /// Resources of `cpu` whole CPUs, `memory` and `gpuCount` GPUs.
    public init(cpu: Int, memory: String, gpuCount: Int = 0, nodeSelector: [String: String] = [:]) {
        self.init(milliCPU: cpu * 1000, memory: memory, gpuCount: gpuCount, nodeSelector: nodeSelector)
    }

    /// Resources with CPU in thousandths of a core.
    public init(milliCPU: Int, memory: String, gpuCount: Int = 0, nodeSelector: [String: String] = [:]) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.gpuCount = gpuCount
        self.nodeSelector = nodeSelector
    }

    /// The CPU as a Kubernetes quantity: `2`, or `1500m`.
    public var cpuQuantity: String { milliCPU % 1000 == 0 ? String(milliCPU / 1000) : "\(milliCPU)m" }

    /// `SM_NUM_CPUS`: whole CPUs, at least 1.
    public var cpuCount: Int { max(1, milliCPU / 1000) }
}
