/// Why a service model document could not be loaded.
public struct ServiceModelLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the document.
    public let message: String

    /// Creates an error with a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
