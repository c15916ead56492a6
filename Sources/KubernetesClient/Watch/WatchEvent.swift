/// What a watch delivers: changes to single objects, and the full set after each list.
public enum WatchEvent<Resource: KubernetesResource>: Sendable {
    /// An object appeared.
    case added(Resource)
    /// An object changed.
    case modified(Resource)
    /// An object was deleted; this is its last state.
    case deleted(Resource)
    /// The complete current set, after the first list and after every re-list (when the watch fell too far
    /// behind and its resourceVersion expired). `removed` holds the identity (kind and metadata) of objects that vanished
    /// while the watch was not looking. A consumer that replaces its view with `objects` stays correct.
    case resync(objects: [Resource], removed: [Resource])

    /// The same event with its objects read as another type.
    public func map<Other>(_ transform: (Resource) -> Other) -> WatchEvent<Other> {
        switch self {
        case .added(let object): .added(transform(object))
        case .modified(let object): .modified(transform(object))
        case .deleted(let object): .deleted(transform(object))
        case .resync(let objects, let removed):
            .resync(objects: objects.map(transform), removed: removed.map(transform))
        }
    }
}

extension WatchEvent: Equatable where Resource: Equatable {}
