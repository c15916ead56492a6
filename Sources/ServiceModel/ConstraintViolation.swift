/// One failed constraint, worded as AWS words it in a ValidationException.
public struct ConstraintViolation: Sendable, Equatable, CustomStringConvertible {
    /// The member path, e.g. "inputDataConfig.1.member.channelName".
    public let path: String
    /// The offending value rendered as AWS renders it ("null" for a missing member).
    public let value: String
    /// The constraint, e.g. "Member must not be null".
    public let constraint: String
    /// Whether the value is null (rendered without quotes).
    public let isNullValue: Bool

    /// Creates a violation; a nil `value` stands for null.
    public init(path: String, value: String?, constraint: String) {
        self.path = path
        self.value = value ?? "null"
        self.constraint = constraint
        self.isNullValue = value == nil
    }

    /// "Value '<value>' at '<path>' failed to satisfy constraint: <constraint>".
    public var description: String {
        let renderedValue = isNullValue ? "null" : "'\(value)'"
        return "Value \(renderedValue) at '\(path)' failed to satisfy constraint: \(constraint)"
    }
}
