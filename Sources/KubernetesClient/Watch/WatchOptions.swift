/// What a watch selects, where it starts and how it retries.
public struct WatchOptions: Sendable, Equatable {
    /// A label selector.
    public var labelSelector: String?
    /// A field selector.
    public var fieldSelector: String?
    /// Start watching from this resourceVersion instead of listing first (no initial `resync`).
    public var resourceVersion: String?
    /// The page size of the lists.
    public var pageSize: Int
    /// How long the server keeps each watch request open; nil for the configuration's `watchTimeout`.
    public var timeout: Duration?
    /// The waits after failures.
    public var backoff: WatchBackoff

    /// Options; the defaults watch everything, listing first, 500 objects per page.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        pageSize: Int = 500, timeout: Duration? = nil, backoff: WatchBackoff = .init()
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.pageSize = pageSize
        self.timeout = timeout
        self.backoff = backoff
    }

    var listOptions: ListOptions {
        ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector, limit: pageSize)
    }
}
