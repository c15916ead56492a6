/// A shape prepared for fast validation: references resolved to indices, messages precomputed.
final class CompiledShape: Sendable {
    /// A structure member with its path name and resolved shape.
    struct Member: Sendable {
        let name: String
        /// The name as it appears in violation paths: first character lower-cased.
        let pathName: String
        let shape: Int
        let isRequired: Bool
    }

    let name: String
    let type: ShapeType
    let members: [Member]
    /// The list member or map value shape; -1 otherwise.
    let element: Int
    /// The map key shape; -1 otherwise.
    let key: Int
    let lengthMin: Int?
    let lengthMax: Int?
    let valueMin: Int64?
    let valueMax: Int64?
    let pattern: PatternMatcher?
    let enumValues: [String]
    let enumSet: Set<String>
    /// Every constraint of the shape, as listed in aggregated messages: "[c1, c2]".
    let constraintSummary: String

    init(
        _ shape: Shape, shapeIndex: [String: Int], patterns: inout [String: PatternMatcher]
    ) throws(ServiceModelLoadError) {
        func resolve(_ name: String?) throws(ServiceModelLoadError) -> Int {
            guard let name else { return -1 }
            guard let index = shapeIndex[name] else {
                throw ServiceModelLoadError("Shape \(shape.name) refers to unknown shape \(name)")
            }
            return index
        }
        self.name = shape.name
        self.type = shape.type
        var members: [Member] = []
        for member in shape.members {
            members.append(
                Member(
                    name: member.name, pathName: Self.pathName(member.name),
                    shape: try resolve(member.shape), isRequired: member.isRequired))
        }
        self.members = members
        self.element = try resolve(shape.type == .map ? shape.mapValue : shape.listMember)
        self.key = try resolve(shape.mapKey)
        let isNumber = [.integer, .long, .float, .double].contains(shape.type)
        self.lengthMin = isNumber ? nil : shape.min.map { Int(clamping: $0) }
        self.lengthMax = isNumber ? nil : shape.max.map { Int(clamping: $0) }
        self.valueMin = isNumber ? shape.min : nil
        self.valueMax = isNumber ? shape.max : nil
        if let source = shape.pattern, shape.type == .string {
            if let cached = patterns[source] {
                self.pattern = cached
            } else {
                let compiled = try PatternMatcher(pattern: source)
                patterns[source] = compiled
                self.pattern = compiled
            }
        } else {
            self.pattern = nil
        }
        self.enumValues = shape.enumValues
        self.enumSet = Set(shape.enumValues)
        var all: [String] = []
        if let max = shape.max { all.append(Self.maximumConstraint(max, isNumber: isNumber)) }
        if let min = shape.min { all.append(Self.minimumConstraint(min, isNumber: isNumber)) }
        if let pattern = shape.pattern, shape.type == .string { all.append(Self.patternConstraint(pattern)) }
        if !shape.enumValues.isEmpty { all.append(Self.enumConstraint(shape.enumValues)) }
        self.constraintSummary = "[" + all.joined(separator: ", ") + "]"
    }

    /// The constraints `value` (already type-checked for this shape) violates, in AWS's order:
    /// length, pattern, enum; or value range.
    func violatedConstraints(of value: JSONValue) -> [String] {
        switch value {
        case .string(let text):
            return violatedConstraints(of: text)
        case .int(let number):
            var violated: [String] = []
            if let valueMax, number > valueMax { violated.append(Self.maximumConstraint(valueMax, isNumber: true)) }
            if let valueMin, number < valueMin { violated.append(Self.minimumConstraint(valueMin, isNumber: true)) }
            return violated
        case .double(let number):
            var violated: [String] = []
            if let valueMax, number > Double(valueMax) {
                violated.append(Self.maximumConstraint(valueMax, isNumber: true))
            }
            if let valueMin, number < Double(valueMin) {
                violated.append(Self.minimumConstraint(valueMin, isNumber: true))
            }
            return violated
        default:
            return []
        }
    }

    /// The constraints a string violates: length (UTF-16 code units, as Java counts), pattern, enum.
    func violatedConstraints(of text: String) -> [String] {
        var violated: [String] = []
        if lengthMin != nil || lengthMax != nil {
            let length = text.utf16.count
            if let lengthMax, length > lengthMax {
                violated.append(Self.maximumConstraint(Int64(lengthMax), isNumber: false))
            }
            if let lengthMin, length < lengthMin {
                violated.append(Self.minimumConstraint(Int64(lengthMin), isNumber: false))
            }
        }
        if let pattern, !pattern.matches(text) {
            violated.append(Self.patternConstraint(pattern.pattern))
        }
        if !enumSet.isEmpty, !enumSet.contains(text) {
            violated.append(Self.enumConstraint(enumValues))
        }
        return violated
    }

    /// The count constraints a list or map with `count` entries violates.
    func violatedCountConstraints(_ count: Int) -> [String] {
        var violated: [String] = []
        if let lengthMax, count > lengthMax {
            violated.append(Self.maximumConstraint(Int64(lengthMax), isNumber: false))
        }
        if let lengthMin, count < lengthMin {
            violated.append(Self.minimumConstraint(Int64(lengthMin), isNumber: false))
        }
        return violated
    }

    static func maximumConstraint(_ bound: Int64, isNumber: Bool) -> String {
        "Member must have \(isNumber ? "value" : "length") less than or equal to \(bound)"
    }

    static func minimumConstraint(_ bound: Int64, isNumber: Bool) -> String {
        "Member must have \(isNumber ? "value" : "length") greater than or equal to \(bound)"
    }

    static func patternConstraint(_ pattern: String) -> String {
        "Member must satisfy regular expression pattern: \(pattern)"
    }

    static func enumConstraint(_ values: [String]) -> String {
        "Member must satisfy enum value set: [\(values.joined(separator: ", "))]"
    }

    /// "TrainingJobName" -> "trainingJobName", "S3DataSource" -> "s3DataSource".
    static func pathName(_ memberName: String) -> String {
        guard let first = memberName.first else { return memberName }
        return first.lowercased() + memberName.dropFirst()
    }
}
