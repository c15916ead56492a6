extension InstanceTypeTable {
    /// Common SageMaker training instance types with their published vCPU, memory and GPU counts. Real nodes
    /// have less allocatable memory than the instance's total: clusters overlay their own figures.
    public static let standard = InstanceTypeTable(instanceTypes: standardEntries)

    private static let standardEntries: [String: InstanceResources] = {
        var entries: [String: InstanceResources] = [:]
        func add(_ family: String, _ sizes: [(String, Int, Int, Int)]) {
            for (size, cpu, memoryInGiB, gpus) in sizes {
                entries["ml.\(family).\(size)"] = InstanceResources(
                    cpu: cpu, memory: "\(memoryInGiB)Gi", gpuCount: gpus)
            }
        }
        add(
            "m4",
            [("xlarge", 4, 16, 0), ("2xlarge", 8, 32, 0), ("4xlarge", 16, 64, 0), ("10xlarge", 40, 160, 0)])
        add(
            "m5",
            [
                ("large", 2, 8, 0), ("xlarge", 4, 16, 0), ("2xlarge", 8, 32, 0), ("4xlarge", 16, 64, 0),
                ("12xlarge", 48, 192, 0), ("24xlarge", 96, 384, 0),
            ])
        add(
            "c4",
            [("xlarge", 4, 7, 0), ("2xlarge", 8, 15, 0), ("4xlarge", 16, 30, 0), ("8xlarge", 36, 60, 0)])
        add(
            "c5",
            [
                ("xlarge", 4, 8, 0), ("2xlarge", 8, 16, 0), ("4xlarge", 16, 32, 0), ("9xlarge", 36, 72, 0),
                ("18xlarge", 72, 144, 0),
            ])
        add("p2", [("xlarge", 4, 61, 1), ("8xlarge", 32, 488, 8), ("16xlarge", 64, 732, 16)])
        add("p3", [("2xlarge", 8, 61, 1), ("8xlarge", 32, 244, 4), ("16xlarge", 64, 488, 8)])
        add(
            "g4dn",
            [
                ("xlarge", 4, 16, 1), ("2xlarge", 8, 32, 1), ("4xlarge", 16, 64, 1), ("8xlarge", 32, 128, 1),
                ("12xlarge", 48, 192, 4), ("16xlarge", 64, 256, 1),
            ])
        add(
            "g5",
            [
                ("xlarge", 4, 16, 1), ("2xlarge", 8, 32, 1), ("4xlarge", 16, 64, 1), ("8xlarge", 32, 128, 1),
                ("12xlarge", 48, 192, 4), ("16xlarge", 64, 256, 1), ("24xlarge", 96, 384, 4),
                ("48xlarge", 192, 768, 8),
            ])
        return entries
    }()
}
