import HTTPTransport
import ServiceModel

/// The watch protocol, without I/O: list, then watch from the list's resourceVersion; on a disconnect resume
/// from the last resourceVersion seen (events and bookmarks); on 410 Gone / `Expired` list again and deliver a
/// `resync` with the objects that vanished meanwhile; after failures wait with capped, jittered exponential
/// backoff. The driver (`Watcher`) reports what happened and performs the returned `Step`.
struct WatchMachine {
    /// What the driver does next.
    enum Next: Equatable {
        /// List the collection (every page), then report `listed` or `listFailed`.
        case list
        /// Open a watch from `resourceVersion` (with bookmarks), then report `watchOpened` or `watchOpenFailed`.
        case watch(resourceVersion: String)
        /// Read the open watch's next event, then report `received`, `receivedError`, `streamEnded` or
        /// `streamFailed`.
        case readNext
        /// Sleep, then report `backoffElapsed`.
        case wait(Duration)
        /// Stop: the watch cannot go on.
        case fail(KubernetesError)
    }

    /// Events to deliver (in order, before doing `next`) and what to do next.
    struct Step: Equatable {
        var events: [WatchEvent<KubernetesObject>] = []
        var next: Next
    }

    /// A watch event's type on the wire, other than `ERROR`.
    enum EventType: String {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
    }

    private let backoff: WatchBackoff
    private var random: SplitMix64
    /// The resourceVersion to resume from; nil until the first list (unless given).
    private(set) var resourceVersion: String?
    /// The objects known, by namespace and name, as their identity only (``identity(of:)``): to tell which
    /// vanished when listing again, without holding every object whole (a pod is ~15 KB of JSON).
    private(set) var known: [String: KubernetesObject] = [:]
    /// Consecutive failures, for the backoff.
    private(set) var failures = 0
    /// What follows the current backoff.
    private var afterBackoff: Next = .list
    /// Whether the open stream has delivered anything (an empty clean end counts as a failure).
    private var streamDelivered = false

    /// A machine that lists first, or, given `resourceVersion`, starts watching from there.
    init(resourceVersion: String? = nil, backoff: WatchBackoff = .init(), seed: UInt64 = .random(in: .min ... .max)) {
        self.backoff = backoff
        self.resourceVersion = resourceVersion.flatMap { $0.isEmpty ? nil : $0 }
        random = SplitMix64(seed: seed)
    }

    /// What is kept of a known object: `apiVersion`, `kind` and `metadata` without `managedFields` (names,
    /// labels, annotations, owner references, versions); a re-list delivers this as the last state of an object
    /// that vanished.
    static func identity(of object: KubernetesObject) -> KubernetesObject {
        var identity: [String: JSONValue] = [:]
        for key in ["apiVersion", "kind"] { identity[key] = object.json[key] }
        if var metadata = object.json["metadata"]?.objectValue {
            metadata["managedFields"] = nil
            identity["metadata"] = .object(metadata)
        }
        return KubernetesObject(json: .object(identity))
    }

    /// The first step.
    mutating func start() -> Step {
        Step(next: resumeOrList)
    }

    /// A complete list arrived: deliver the full set and watch from its resourceVersion.
    mutating func listed(_ objects: [KubernetesObject], resourceVersion: String) -> Step {
        var current: [String: KubernetesObject] = [:]
        for object in objects { current[Self.key(of: object)] = Self.identity(of: object) }
        let removed = known.filter { current[$0.key] == nil }.map(\.value).sorted {
            Self.key(of: $0) < Self.key(of: $1)
        }
        known = current
        failures = 0
        self.resourceVersion = resourceVersion
        return Step(
            events: [.resync(objects: objects, removed: removed)], next: .watch(resourceVersion: resourceVersion))
    }

    /// The list failed: list again after a backoff, unless the failure is permanent.
    mutating func listFailed(_ error: KubernetesError) -> Step {
        // An expired continue token: start the list over at once.
        if error.isResourceVersionExpired { return Step(next: .list) }
        return retry(after: error, then: .list)
    }

    /// The watch is open: read from it.
    mutating func watchOpened() -> Step {
        streamDelivered = false
        return Step(next: .readNext)
    }

    /// Opening the watch failed.
    mutating func watchOpenFailed(_ error: KubernetesError) -> Step {
        if error.isResourceVersionExpired { return relist() }
        return retry(after: error, then: resumeOrList)
    }

    /// An event arrived on the watch.
    mutating func received(_ type: EventType, object: KubernetesObject) -> Step {
        streamDelivered = true
        failures = 0
        if let version = object.metadata.resourceVersion, !version.isEmpty { resourceVersion = version }
        let key = Self.key(of: object)
        switch type {
        case .bookmark:
            return Step(next: .readNext)
        case .added:
            known[key] = Self.identity(of: object)
            return Step(events: [.added(object)], next: .readNext)
        case .modified:
            known[key] = Self.identity(of: object)
            return Step(events: [.modified(object)], next: .readNext)
        case .deleted:
            known[key] = nil
            return Step(events: [.deleted(object)], next: .readNext)
        }
    }

    /// An `ERROR` event arrived: 410 means list again; anything else reconnects after a backoff.
    mutating func receivedError(_ status: KubernetesStatus) -> Step {
        let error = KubernetesError.status(status)
        if error.isResourceVersionExpired { return relist() }
        return retry(after: error, then: resumeOrList, permanentFails: false)
    }

    /// The server closed the watch normally (its timeout): resume at once, or after a backoff when the stream
    /// delivered nothing (a server that closes every watch at once must not be hammered).
    mutating func streamEnded() -> Step {
        if streamDelivered { return Step(next: resumeOrList) }
        failures += 1
        afterBackoff = resumeOrList
        return Step(next: .wait(nextDelay()))
    }

    /// The watch broke (reset, timeout, garbage): resume after a backoff.
    mutating func streamFailed(_ error: KubernetesError) -> Step {
        retry(after: error, then: resumeOrList, permanentFails: false)
    }

    /// The backoff is over.
    mutating func backoffElapsed() -> Step {
        Step(next: afterBackoff)
    }

    // MARK: Helpers

    private var resumeOrList: Next {
        resourceVersion.map { .watch(resourceVersion: $0) } ?? .list
    }

    private mutating func relist() -> Step {
        resourceVersion = nil
        return Step(next: .list)
    }

    private mutating func retry(after error: KubernetesError, then next: Next, permanentFails: Bool = true) -> Step {
        if permanentFails && Self.isPermanent(error) { return Step(next: .fail(error)) }
        failures += 1
        afterBackoff = next
        return Step(next: .wait(nextDelay()))
    }

    private mutating func nextDelay() -> Duration {
        backoff.delay(afterFailures: failures, random: random.nextUnitDouble())
    }

    /// Failures that waiting does not fix: refused credentials or permissions, a request the server rejects,
    /// TLS problems, cancellation.
    static func isPermanent(_ error: KubernetesError) -> Bool {
        switch error.code {
        case .cancelled, .invalidRequest: return true
        case .transport: return !(error.transportError?.isRetryable ?? false)
        case .status:
            guard let code = error.httpStatus else { return false }
            return (400..<500).contains(code) && ![408, 409, 410, 429].contains(code)
        default: return false
        }
    }

    static func key(of object: KubernetesObject) -> String {
        (object.namespace ?? "") + "/" + object.name
    }
}
