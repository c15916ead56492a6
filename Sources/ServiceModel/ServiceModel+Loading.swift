extension ServiceModel {
    /// Loads a trimmed service model document (as written by tools/trim-service-model.py),
    /// compiling every pattern.
    public init(document: String) throws(ServiceModelLoadError) {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: document)
        } catch {
            throw ServiceModelLoadError("The model document is not valid JSON: \(error)")
        }
        guard let metadata = root["metadata"]?.objectValue,
            let targetPrefix = metadata["targetPrefix"]?.stringValue,
            let signingName = metadata["signingName"]?.stringValue
        else {
            throw ServiceModelLoadError("The model document lacks metadata.targetPrefix or metadata.signingName")
        }
        var operations: [String: Operation] = [:]
        for (name, definition) in root["operations"]?.objectValue ?? [:] {
            operations[name] = Operation(
                name: definition["name"]?.stringValue ?? name,
                inputShape: definition["input"]?["shape"]?.stringValue,
                outputShape: definition["output"]?["shape"]?.stringValue,
                errors: (definition["errors"]?.arrayValue ?? []).compactMap { $0["shape"]?.stringValue })
        }
        var shapes: [String: Shape] = [:]
        for (name, definition) in root["shapes"]?.objectValue ?? [:] {
            shapes[name] = try Self.shape(named: name, from: definition)
        }
        for operation in operations.values {
            for reference in [operation.inputShape, operation.outputShape].compactMap({ $0 }) + operation.errors
            where shapes[reference] == nil {
                throw ServiceModelLoadError("Operation \(operation.name) refers to unknown shape \(reference)")
            }
        }
        let names = shapes.keys.sorted()
        let shapeIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var patterns: [String: PatternMatcher] = [:]
        var compiled: [CompiledShape] = []
        compiled.reserveCapacity(names.count)
        for name in names {
            guard let shape = shapes[name] else { continue }
            compiled.append(try CompiledShape(shape, shapeIndex: shapeIndex, patterns: &patterns))
        }
        self.targetPrefix = targetPrefix
        self.signingName = signingName
        self.apiVersion = metadata["apiVersion"]?.stringValue ?? ""
        self.operations = operations
        self.shapes = shapes
        self.compiledShapes = compiled
        self.shapeIndex = shapeIndex
    }

    private static func shape(named name: String, from definition: JSONValue) throws(ServiceModelLoadError) -> Shape {
        guard let typeName = definition["type"]?.stringValue, let type = ShapeType(rawValue: typeName) else {
            throw ServiceModelLoadError("Shape \(name) has no known type")
        }
        func bound(_ key: String) throws(ServiceModelLoadError) -> Int64? {
            guard let value = definition[key] else { return nil }
            guard let integer = value.int64Value else {
                throw ServiceModelLoadError("Shape \(name) has a non-integral \(key)")
            }
            return integer
        }
        var members: [Shape.Member] = []
        if type == .structure {
            let definitions = definition["members"]?.objectValue ?? [:]
            let required = Set((definition["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            let order = (definition["memberOrder"]?.arrayValue ?? []).compactMap(\.stringValue)
            for memberName in order.isEmpty ? definitions.keys.sorted() : order {
                guard let memberShape = definitions[memberName]?["shape"]?.stringValue else {
                    throw ServiceModelLoadError("Member \(name).\(memberName) has no shape")
                }
                members.append(
                    Shape.Member(name: memberName, shape: memberShape, isRequired: required.contains(memberName)))
            }
            if members.count != definitions.count {
                throw ServiceModelLoadError("Shape \(name) has a memberOrder that does not list its members")
            }
        }
        return Shape(
            name: name, type: type, members: members,
            listMember: definition["member"]?["shape"]?.stringValue,
            mapKey: definition["key"]?["shape"]?.stringValue,
            mapValue: definition["value"]?["shape"]?.stringValue,
            min: try bound("min"), max: try bound("max"),
            pattern: definition["pattern"]?.stringValue,
            enumValues: (definition["enum"]?.arrayValue ?? []).compactMap(\.stringValue),
            timestampFormat: definition["timestampFormat"]?.stringValue,
            isException: definition["exception"]?.boolValue ?? false)
    }
}
