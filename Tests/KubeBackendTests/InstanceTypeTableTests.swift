import Testing

@testable import KubeBackend

@Suite struct InstanceTypeTableTests {
    @Test func theStandardTableKnowsCommonTypes() throws {
        let table = InstanceTypeTable.standard
        #expect(try table.resources(for: "ml.m5.large") == InstanceResources(cpu: 2, memory: "8Gi"))
        #expect(try table.resources(for: "ml.m5.xlarge") == InstanceResources(cpu: 4, memory: "16Gi"))
        #expect(try table.resources(for: "ml.p3.2xlarge") == InstanceResources(cpu: 8, memory: "61Gi", gpuCount: 1))
        #expect(try table.resources(for: "ml.g4dn.xlarge").gpuCount == 1)
        #expect(try table.resources(for: "ml.c5.2xlarge").cpuQuantity == "8")
    }

    @Test func anUnknownTypeIsAValidationErrorNamingTheOffer() throws {
        let table = InstanceTypeTable(instanceTypes: ["ml.m5.large": InstanceResources(cpu: 2, memory: "8Gi")])
        let error = #expect(throws: KubeBackendError.self) { try table.resources(for: "ml.x9.huge") }
        #expect(error?.code == .unknownInstanceType)
        #expect(error?.isValidation == true)
        #expect(error?.message.contains("ml.x9.huge") == true)
        #expect(error?.message.contains("ml.m5.large") == true)
    }

    @Test func aJSONTableOverlaysTheStandardOne() throws {
        let custom = try InstanceTypeTable(
            parsing: """
                {"gpuResourceName": "amd.com/gpu", "instanceTypes": {
                  "ml.m5.large": {"cpu": "1500m", "memory": "6Gi"},
                  "ml.local.gpu": {"cpu": 2.5, "memory": "12G", "gpu": 2, "nodeSelector": {"pool": "gpu"}}}}
                """)
        let table = InstanceTypeTable.standard.merging(custom)
        let large = try table.resources(for: "ml.m5.large")
        #expect(large.cpuQuantity == "1500m")
        #expect(large.cpuCount == 1)
        #expect(large.memory == "6Gi")
        let gpu = try table.resources(for: "ml.local.gpu")
        #expect(gpu == InstanceResources(milliCPU: 2500, memory: "12G", gpuCount: 2, nodeSelector: ["pool": "gpu"]))
        #expect(table.gpuResourceName == "amd.com/gpu")
        #expect(try table.resources(for: "ml.m5.xlarge").cpuCount == 4)
    }

    @Test(arguments: [
        "[]", "{}", #"{"instanceTypes": {"a": {"memory": "1Gi"}}}"#,
        #"{"instanceTypes": {"a": {"cpu": 0, "memory": "1Gi"}}}"#,
        #"{"instanceTypes": {"a": {"cpu": 1, "memory": "lots"}}}"#,
        #"{"instanceTypes": {"a": {"cpu": 1, "memory": "1Gi", "gpu": -1}}}"#,
        #"{"instanceTypes": {"a": {"cpu": 1, "memory": "1Gi", "nodeSelector": {"x": 1}}}}"#,
    ])
    func malformedTablesAreRejected(_ text: String) {
        let error = #expect(throws: KubeBackendError.self) { try InstanceTypeTable(parsing: text) }
        #expect(error?.code == .invalidInstanceTable)
    }

    @Test func quantities() {
        for valid in ["1", "8Gi", "1.5Gi", "500m", "12G", "100k"] { #expect(InstanceTypeTable.isQuantity(valid)) }
        for invalid in ["", "Gi", "1.Gi", ".5", "1 Gi", "eight", "1Gb"] {
            #expect(!InstanceTypeTable.isQuantity(invalid))
        }
    }
}
