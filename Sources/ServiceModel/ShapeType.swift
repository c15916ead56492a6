/// The type of a shape in an AWS service model.
public enum ShapeType: String, Sendable, Hashable, CaseIterable {
    /// An object with named members.
    case structure
    /// An ordered collection of one member shape.
    case list
    /// String keys mapped to values of one shape.
    case map
    /// A string, optionally constrained by length, pattern or enum.
    case string
    /// A 32-bit signed integer.
    case integer
    /// A 64-bit signed integer.
    case long
    /// A single-precision floating-point number.
    case float
    /// A double-precision floating-point number.
    case double
    /// `true` or `false`.
    case boolean
    /// A point in time; epoch seconds on the wire of the JSON protocols.
    case timestamp
    /// Binary data; base64 on the wire.
    case blob

    /// Whether values of this type are JSON scalars (neither structure, list nor map).
    public var isScalar: Bool {
        switch self {
        case .structure, .list, .map: false
        default: true
        }
    }
}
