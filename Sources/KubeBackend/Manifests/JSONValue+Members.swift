import ServiceModel

extension JSONValue {
    /// This object with `key` set to `value` (removed when nil); a non-object becomes an object first.
    func setting(_ key: String, to value: JSONValue?) -> JSONValue {
        var members = objectValue ?? [:]
        members[key] = value
        return .object(members)
    }

    /// A JSON object of strings.
    static func strings(_ values: [String: String]) -> JSONValue {
        .object(values.mapValues { .string($0) })
    }

    /// A JSON array of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }
}
