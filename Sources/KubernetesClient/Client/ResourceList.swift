/// One page of a list: the items, the collection's resourceVersion (where a watch starts) and the token of the
/// next page.
public struct ResourceList<Resource: KubernetesResource>: Sendable {
    /// The items.
    public var items: [Resource]
    /// The resourceVersion of the collection when listed.
    public var resourceVersion: String
    /// The token of the next page; nil on the last one.
    public var continueToken: String?
    /// How many items remain after this page, when the server says.
    public var remainingItemCount: Int?

    /// A list.
    public init(
        items: [Resource], resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int? = nil
    ) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }
}
