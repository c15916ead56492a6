extension ShapeValidator {
    /// Type-checks a non-null scalar against its shape; returns the canonical value when it differs
    /// (integral doubles for integers, timestamps as epoch seconds), nil when `value` is canonical.
    func canonicalScalar(_ value: JSONValue, _ shape: CompiledShape) throws(RequestValidationError) -> JSONValue? {
        switch (shape.type, value) {
        case (.string, .string), (.boolean, .bool), (.float, .int), (.double, .int):
            return nil
        case (.float, .double(let number)), (.double, .double(let number)):
            guard number.isFinite else { throw mismatch(shape, value) }
            return nil
        case (.integer, .int(let number)):
            guard Int32(exactly: number) != nil else { throw outOfRange(shape) }
            return nil
        case (.long, .int):
            return nil
        case (.integer, .double(let number)), (.long, .double(let number)):
            guard number.rounded(.towardZero) == number, number.isFinite else {
                throw RequestValidationError.serialization(
                    "Expected \(Self.expectedDescription(shape.type)) at '\(path.rendered)' but found a non-integral number."
                )
            }
            guard let integer = Int64(exactly: number), shape.type == .long || Int32(exactly: integer) != nil else {
                throw outOfRange(shape)
            }
            return .int(integer)
        case (.timestamp, .int):
            return nil
        case (.timestamp, .double(let number)):
            guard number.isFinite else { throw mismatch(shape, value) }
            return Int64(exactly: number).map(JSONValue.int)
        case (.timestamp, .string(let text)):
            guard let seconds = TimestampParser.epochSeconds(fromISO8601: text) else {
                throw RequestValidationError.serialization(
                    "Expected a timestamp at '\(path.rendered)' but found a string that is not an ISO-8601 date-time.")
            }
            return seconds
        case (.blob, .string(let text)):
            guard Base64Validation.isValid(text) else {
                throw RequestValidationError.serialization(
                    "Expected base64-encoded data at '\(path.rendered)' but found a string that is not valid base64.")
            }
            return nil
        default:
            throw mismatch(shape, value)
        }
    }

    /// "Expected a string at 'trainingJobName' but found a number."
    func mismatch(_ shape: CompiledShape, _ value: JSONValue) -> RequestValidationError {
        let expected = Self.expectedDescription(shape.type)
        let found = Self.foundDescription(value)
        if path.isEmpty {
            return .serialization("Expected \(expected) as the request body but found \(found).")
        }
        return .serialization("Expected \(expected) at '\(path.rendered)' but found \(found).")
    }

    private func outOfRange(_ shape: CompiledShape) -> RequestValidationError {
        let bits = shape.type == .integer ? "32" : "64"
        return .serialization(
            "Expected \(Self.expectedDescription(shape.type)) at '\(path.rendered)' but found a number that does not fit in \(bits) bits."
        )
    }

    static func expectedDescription(_ type: ShapeType) -> String {
        switch type {
        case .structure: "an object"
        case .list: "a list"
        case .map: "a map"
        case .string: "a string"
        case .integer, .long: "an integer"
        case .float, .double: "a number"
        case .boolean: "a boolean"
        case .timestamp: "a timestamp"
        case .blob: "base64-encoded data"
        }
    }

    static func foundDescription(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
