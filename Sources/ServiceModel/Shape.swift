/// A named shape of a service model, with its constraints.
public struct Shape: Sendable, Hashable {
    /// A member of a structure shape.
    public struct Member: Sendable, Hashable {
        /// The member name as it appears on the wire, e.g. "TrainingJobName".
        public let name: String
        /// The name of the member's shape.
        public let shape: String
        /// Whether the structure lists the member as required.
        public let isRequired: Bool

        /// Creates a member.
        public init(name: String, shape: String, isRequired: Bool) {
            self.name = name
            self.shape = shape
            self.isRequired = isRequired
        }
    }

    /// The shape's name in the model.
    public let name: String
    /// The shape's type.
    public let type: ShapeType
    /// The members of a structure, in the model's order; empty for other types.
    public let members: [Member]
    /// The element shape of a list.
    public let listMember: String?
    /// The key shape of a map.
    public let mapKey: String?
    /// The value shape of a map.
    public let mapValue: String?
    /// The minimum length (strings, blobs, lists, maps) or value (numbers).
    public let min: Int64?
    /// The maximum length (strings, blobs, lists, maps) or value (numbers).
    public let max: Int64?
    /// The Java regular expression a string must fully match.
    public let pattern: String?
    /// The allowed values of a string, in the model's order; empty when unconstrained.
    public let enumValues: [String]
    /// The wire format of a timestamp, when the model sets one.
    public let timestampFormat: String?
    /// Whether the shape is an error (exception) shape.
    public let isException: Bool

    /// Creates a shape.
    public init(
        name: String, type: ShapeType, members: [Member] = [], listMember: String? = nil,
        mapKey: String? = nil, mapValue: String? = nil, min: Int64? = nil, max: Int64? = nil,
        pattern: String? = nil, enumValues: [String] = [], timestampFormat: String? = nil,
        isException: Bool = false
    ) {
        self.name = name
        self.type = type
        self.members = members
        self.listMember = listMember
        self.mapKey = mapKey
        self.mapValue = mapValue
        self.min = min
        self.max = max
        self.pattern = pattern
        self.enumValues = enumValues
        self.timestampFormat = timestampFormat
        self.isException = isException
    }

    /// The member named `name` (wire name), if the structure has it.
    public func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }
}
