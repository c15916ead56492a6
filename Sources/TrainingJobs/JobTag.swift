/// A key-value tag on a training job.
public struct JobTag: Sendable, Equatable {
    /// The tag's key, unique per resource.
    public var key: String
    /// The tag's value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
