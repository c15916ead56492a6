/// The instance types a cluster offers and the resources each gets: `ResourceConfig.InstanceType` to pod
/// requests and limits (equal, so pods are Guaranteed). Configurable: start from ``standard``, overlay a JSON
/// document (``init(parsing:)``, ``merging(_:)``), or build one in code.
public struct InstanceTypeTable: Sendable, Equatable {
    /// The resource name GPUs are requested under.
    public static let defaultGPUResourceName = "nvidia.com/gpu"

    /// The instance types, by SageMaker name (`ml.m5.large`).
    public var instanceTypes: [String: InstanceResources]
    /// The extended resource GPUs are requested as (`nvidia.com/gpu`, `amd.com/gpu`).
    public var gpuResourceName: String

    /// A table of `instanceTypes`.
    public init(
        instanceTypes: [String: InstanceResources], gpuResourceName: String = InstanceTypeTable.defaultGPUResourceName
    ) {
        self.instanceTypes = instanceTypes
        self.gpuResourceName = gpuResourceName
    }

    /// The resources of `instanceType`; an unknown type is a validation error naming the types on offer.
    public func resources(for instanceType: String) throws(KubeBackendError) -> InstanceResources {
        guard let resources = instanceTypes[instanceType] else {
            let offered = instanceTypes.keys.sorted().joined(separator: ", ")
            throw KubeBackendError(
                code: .unknownInstanceType,
                message:
                    "The instance type \(instanceType) is not available on this platform. Supported instance types: "
                    + (offered.isEmpty ? "none" : offered))
        }
        return resources
    }

    /// This table with `other`'s entries added or replacing these, and `other`'s GPU resource name.
    public func merging(_ other: InstanceTypeTable) -> InstanceTypeTable {
        InstanceTypeTable(
            instanceTypes: instanceTypes.merging(other.instanceTypes) { $1 }, gpuResourceName: other.gpuResourceName)
    }
}
