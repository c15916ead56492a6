import ServiceModel

/// How a deletion proceeds: what happens to dependents, the grace period and preconditions.
public struct DeleteOptions: Sendable, Equatable {
    /// What happens to the objects the deleted one owns (a Job's pods).
    public enum PropagationPolicy: String, Sendable {
        /// Dependents are deleted first; the object stays (with a `foregroundDeletion` finalizer) until they are gone.
        case foreground = "Foreground"
        /// The object goes at once; the garbage collector deletes dependents afterwards.
        case background = "Background"
        /// Dependents are kept, without the owner reference.
        case orphan = "Orphan"
    }

    /// The propagation policy; nil for the kind's default (for Jobs, `Orphan` through this API).
    public var propagationPolicy: PropagationPolicy?
    /// The grace period for pods, in seconds; 0 deletes at once.
    public var gracePeriodSeconds: Int?
    /// Delete only if the object still has this UID.
    public var preconditionUID: String?
    /// Delete only if the object still has this resourceVersion.
    public var preconditionResourceVersion: String?

    /// Options; the defaults use the server's defaults.
    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int? = nil, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
    }

    /// The `DeleteOptions` body.
    var json: JSONValue {
        var body: [String: JSONValue] = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let propagationPolicy { body["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let gracePeriodSeconds { body["gracePeriodSeconds"] = .int(Int64(gracePeriodSeconds)) }
        var preconditions: [String: JSONValue] = [:]
        if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
        if let preconditionResourceVersion { preconditions["resourceVersion"] = .string(preconditionResourceVersion) }
        if !preconditions.isEmpty { body["preconditions"] = .object(preconditions) }
        return .object(body)
    }
}
