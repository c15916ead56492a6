/// Why a byte sequence is not a valid JSON document, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in a short sentence.
    public let message: String
    /// The zero-based byte offset at which the problem was detected.
    public let offset: Int

    /// Creates an error with a message and a byte offset.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message followed by the byte offset.
    public var description: String { "\(message) at byte offset \(offset)" }
}
