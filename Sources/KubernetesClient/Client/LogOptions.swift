/// Which part of a container's log to read.
public struct LogOptions: Sendable, Equatable {
    /// The container; may be omitted when the pod has only one.
    public var container: String?
    /// Only the last lines.
    public var tailLines: Int?
    /// Only the lines of the last seconds.
    public var sinceSeconds: Int?
    /// At most this many bytes.
    public var limitBytes: Int?
    /// Prefix each line with an RFC 3339 timestamp.
    public var timestamps: Bool
    /// The previous (crashed) run's log.
    public var previous: Bool

    /// Options; the defaults read the whole log of the only container.
    public init(
        container: String? = nil, tailLines: Int? = nil, sinceSeconds: Int? = nil, limitBytes: Int? = nil,
        timestamps: Bool = false, previous: Bool = false
    ) {
        self.container = container
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.limitBytes = limitBytes
        self.timestamps = timestamps
        self.previous = previous
    }

    func query(follow: Bool) -> [(String, String)] {
        var query: [(String, String)] = []
        if let container { query.append(("container", container)) }
        if follow { query.append(("follow", "true")) }
        if let tailLines { query.append(("tailLines", String(tailLines))) }
        if let sinceSeconds { query.append(("sinceSeconds", String(sinceSeconds))) }
        if let limitBytes { query.append(("limitBytes", String(limitBytes))) }
        if timestamps { query.append(("timestamps", "true")) }
        if previous { query.append(("previous", "true")) }
        return query
    }
}
