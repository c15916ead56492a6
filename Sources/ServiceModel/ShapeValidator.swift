/// Validates a JSON value against a compiled shape: type mismatches throw at once, constraint
/// violations are collected in document order, and the canonical value is rebuilt only when needed.
struct ShapeValidator {
    let shapes: [CompiledShape]
    var path: ValidationPath
    private(set) var violations: [ConstraintViolation] = []

    init(shapes: [CompiledShape], pathPrefix: String) {
        self.shapes = shapes
        self.path = ValidationPath(prefix: pathPrefix)
    }

    /// Validates `value` against the shape at `index`; returns the canonical value, or nil when
    /// the canonical value is `value` itself.
    mutating func validate(_ value: JSONValue, shape index: Int) throws(RequestValidationError) -> JSONValue? {
        let shape = shapes[index]
        switch shape.type {
        case .structure:
            return try validateStructure(value, shape)
        case .list:
            return try validateList(value, shape)
        case .map:
            return try validateMap(value, shape)
        default:
            let replacement = try canonicalScalar(value, shape)
            let canonical = replacement ?? value
            for constraint in shape.violatedConstraints(of: canonical) {
                report(canonical, constraint)
            }
            return replacement
        }
    }

    private mutating func validateStructure(
        _ value: JSONValue, _ shape: CompiledShape
    ) throws(RequestValidationError) -> JSONValue? {
        guard case .object(let object) = value else { throw mismatch(shape, value) }
        var present = 0
        var replacements: [(member: Int, value: JSONValue)] = []
        for (memberIndex, member) in shape.members.enumerated() {
            guard let memberValue = object[member.name], !memberValue.isNull else {
                if member.isRequired {
                    path.push(.member(member.pathName))
                    reportNull()
                    path.pop()
                }
                continue
            }
            present += 1
            path.push(.member(member.pathName))
            let replacement = try validate(memberValue, shape: member.shape)
            path.pop()
            if let replacement { replacements.append((memberIndex, replacement)) }
        }
        if present == object.count && replacements.isEmpty { return nil }
        // Unknown or null members to drop, or members to replace: rebuild.
        var result: [String: JSONValue] = Dictionary(minimumCapacity: present)
        var nextReplacement = 0
        for (memberIndex, member) in shape.members.enumerated() {
            if nextReplacement < replacements.count, replacements[nextReplacement].member == memberIndex {
                result[member.name] = replacements[nextReplacement].value
                nextReplacement += 1
            } else if let memberValue = object[member.name], !memberValue.isNull {
                result[member.name] = memberValue
            }
        }
        return .object(result)
    }

    private mutating func validateList(
        _ value: JSONValue, _ shape: CompiledShape
    ) throws(RequestValidationError) -> JSONValue? {
        guard case .array(let elements) = value else { throw mismatch(shape, value) }
        for constraint in shape.violatedCountConstraints(elements.count) {
            report(value, constraint)
        }
        let elementShape = shapes[shape.element]
        var replacements: [(index: Int, value: JSONValue)] = []
        var elementsViolate = false
        for (index, element) in elements.enumerated() {
            path.push(.index(index))
            defer { path.pop() }
            if element.isNull {
                reportNull()
                continue
            }
            if elementShape.type.isScalar {
                // AWS reports scalar members once, at the list, with all the member's constraints.
                let replacement = try canonicalScalar(element, elementShape)
                if !elementsViolate, !elementShape.violatedConstraints(of: replacement ?? element).isEmpty {
                    elementsViolate = true
                }
                if let replacement { replacements.append((index, replacement)) }
            } else if let replacement = try validate(element, shape: shape.element) {
                replacements.append((index, replacement))
            }
        }
        if elementsViolate {
            report(value, "Member must satisfy constraint: \(elementShape.constraintSummary)")
        }
        guard !replacements.isEmpty else { return nil }
        var result = elements
        for replacement in replacements { result[replacement.index] = replacement.value }
        return .array(result)
    }

    private mutating func validateMap(
        _ value: JSONValue, _ shape: CompiledShape
    ) throws(RequestValidationError) -> JSONValue? {
        guard case .object(let entries) = value else { throw mismatch(shape, value) }
        for constraint in shape.violatedCountConstraints(entries.count) {
            report(value, constraint)
        }
        let keyShape = shapes[shape.key]
        let valueShape = shapes[shape.element]
        if entries.keys.contains(where: { !keyShape.violatedConstraints(of: $0).isEmpty }) {
            report(value, "Map keys must satisfy constraint: \(keyShape.constraintSummary)")
        }
        var valuesViolate = false
        var result = entries
        var changed = false
        if valueShape.type.isScalar {
            // Scalar values are reported once for the whole map, so their order does not matter,
            // unless one has the wrong type: then the first mismatch in key order is thrown.
            for (key, entry) in entries {
                if entry.isNull {
                    result[key] = nil
                    changed = true
                    continue
                }
                let replacement: JSONValue?
                do {
                    replacement = try canonicalScalar(entry, valueShape)
                } catch {
                    try throwFirstMismatch(in: entries, valueShape)
                    throw error
                }
                if !valuesViolate, !valueShape.violatedConstraints(of: replacement ?? entry).isEmpty {
                    valuesViolate = true
                }
                if let replacement {
                    result[key] = replacement
                    changed = true
                }
            }
        } else {
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                if entry.isNull {
                    result[key] = nil
                    changed = true
                    continue
                }
                path.push(.key(key))
                let replacement = try validate(entry, shape: shape.element)
                path.pop()
                if let replacement {
                    result[key] = replacement
                    changed = true
                }
            }
        }
        if valuesViolate { report(value, "Map value must satisfy constraint: \(valueShape.constraintSummary)") }
        return changed ? .object(result) : nil
    }

    /// Throws the first type mismatch among the scalar values of a map, in key order.
    private mutating func throwFirstMismatch(
        in entries: [String: JSONValue], _ valueShape: CompiledShape
    ) throws(RequestValidationError) {
        for key in entries.keys.sorted() {
            guard let entry = entries[key], !entry.isNull else { continue }
            path.push(.key(key))
            defer { path.pop() }
            _ = try canonicalScalar(entry, valueShape)
        }
    }

    mutating func report(_ value: JSONValue, _ constraint: String) {
        violations.append(ConstraintViolation(path: path.rendered, value: value.javaRendering, constraint: constraint))
    }

    private mutating func reportNull() {
        violations.append(ConstraintViolation(path: path.rendered, value: nil, constraint: "Member must not be null"))
    }
}
