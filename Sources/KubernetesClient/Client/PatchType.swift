/// How a patch document is applied.
public enum PatchType: String, Sendable {
    /// RFC 7386 JSON merge patch: objects merge, `null` removes, arrays are replaced.
    case merge = "application/merge-patch+json"
    /// Kubernetes' strategic merge patch: like `merge`, but lists of named items (containers, env) merge by key.
    /// Built-in kinds only.
    case strategicMerge = "application/strategic-merge-patch+json"
    /// RFC 6902 JSON patch: an array of operations.
    case json = "application/json-patch+json"
}
