import ServiceModel

extension InstanceTypeTable {
    /// Reads a table from JSON:
    /// `{"gpuResourceName": "nvidia.com/gpu", "instanceTypes": {"ml.m5.large": {"cpu": "2", "memory": "8Gi",
    /// "gpu": 0, "nodeSelector": {"pool": "cpu"}}}}`. `cpu` is a number or a quantity (`2`, `1.5`, `500m`);
    /// `memory` a Kubernetes quantity; `gpu` and `nodeSelector` are optional.
    public init(parsing text: String) throws(KubeBackendError) {
        let document: JSONValue
        do { document = try JSONValue(parsing: text) } catch {
            throw Self.invalid("not JSON: \(error)")
        }
        guard let entries = document["instanceTypes"]?.objectValue else {
            throw Self.invalid("an object with an \"instanceTypes\" object is expected")
        }
        var instanceTypes: [String: InstanceResources] = [:]
        for (name, entry) in entries {
            instanceTypes[name] = try Self.resources(entry, name: name)
        }
        let gpuResourceName = document["gpuResourceName"]?.stringValue ?? Self.defaultGPUResourceName
        self.init(instanceTypes: instanceTypes, gpuResourceName: gpuResourceName)
    }

    private static func resources(_ entry: JSONValue, name: String) throws(KubeBackendError) -> InstanceResources {
        guard let milliCPU = entry["cpu"].flatMap(milliCPU(_:)), milliCPU > 0 else {
            throw invalid("\(name): \"cpu\" must be a positive number of CPUs (2, 1.5 or 500m)")
        }
        guard let memory = entry["memory"]?.stringValue, isQuantity(memory) else {
            throw invalid("\(name): \"memory\" must be a Kubernetes quantity (8Gi)")
        }
        var gpuCount = 0
        if let gpu = entry["gpu"] {
            guard let count = gpu.int64Value, count >= 0 else {
                throw invalid("\(name): \"gpu\" must be a whole number")
            }
            gpuCount = Int(count)
        }
        var nodeSelector: [String: String] = [:]
        if let selector = entry["nodeSelector"] {
            guard let members = selector.objectValue, members.values.allSatisfy({ $0.stringValue != nil }) else {
                throw invalid("\(name): \"nodeSelector\" must map label names to strings")
            }
            nodeSelector = members.compactMapValues(\.stringValue)
        }
        return InstanceResources(milliCPU: milliCPU, memory: memory, gpuCount: gpuCount, nodeSelector: nodeSelector)
    }

    /// Thousandths of a CPU from a JSON number or a quantity string.
    static func milliCPU(_ value: JSONValue) -> Int? {
        if let number = value.doubleValue { return Int((number * 1000).rounded()) }
        guard let text = value.stringValue else { return nil }
        if text.hasSuffix("m") { return Int(text.dropLast()) }
        return Double(text).flatMap { $0.isFinite ? Int(($0 * 1000).rounded()) : nil }
    }

    /// Whether `text` is a Kubernetes quantity: a decimal number and an optional binary or decimal suffix.
    static func isQuantity(_ text: String) -> Bool {
        let suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", "m", ""]
        guard let suffix = suffixes.first(where: { text.hasSuffix($0) }) else { return false }
        let number = text.dropLast(suffix.count)
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard !number.isEmpty, parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    private static func invalid(_ message: String) -> KubeBackendError {
        KubeBackendError(code: .invalidInstanceTable, message: "instance-type table: " + message)
    }
}
