/// Bounds on the documents the parser accepts, so that hostile input costs bounded memory and time.
public struct XMLParsingLimits: Hashable, Sendable {
    /// The largest document accepted, in bytes.
    public var maxByteCount: Int
    /// The deepest element nesting accepted (the root is at depth 1).
    public var maxDepth: Int
    /// The most elements accepted in one document.
    public var maxElementCount: Int
    /// The most attributes (namespace declarations included) accepted on one element.
    public var maxAttributesPerElement: Int

    /// Limits that fit every S3 response with room to spare: 16 MiB, depth 64, 200 000 elements,
    /// 32 attributes per element.
    public static let `default` = XMLParsingLimits()

    /// Creates limits; the defaults suit S3 responses.
    public init(
        maxByteCount: Int = 16 << 20, maxDepth: Int = 64, maxElementCount: Int = 200_000,
        maxAttributesPerElement: Int = 32
    ) {
        self.maxByteCount = maxByteCount
        self.maxDepth = maxDepth
        self.maxElementCount = maxElementCount
        self.maxAttributesPerElement = maxAttributesPerElement
    }
}
