import ServiceModel

/// A `kind: Status` document: what the API server says about a failed request (and about some deletions).
public struct KubernetesStatus: Sendable, Equatable, CustomStringConvertible {
    /// A field-level cause of an error (`details.causes[]`).
    public struct Cause: Sendable, Equatable {
        /// The cause's type (`FieldValueRequired`, `FieldValueInvalid`, ...).
        public var reason: String?
        /// A human-readable description.
        public var message: String?
        /// The field concerned (`spec.containers[0].name`, `metadata.name`).
        public var field: String?
    }

    /// The HTTP status code.
    public var code: Int
    /// `Success` or `Failure`.
    public var status: String?
    /// The machine-readable reason.
    public var reason: StatusReason
    /// The human-readable message.
    public var message: String
    /// The object's name (`details.name`).
    public var name: String?
    /// The object's kind (`details.kind`).
    public var kind: String?
    /// The object's API group (`details.group`).
    public var group: String?
    /// The object's UID (`details.uid`).
    public var uid: String?
    /// The field-level causes (`details.causes`), for `Invalid`.
    public var causes: [Cause]
    /// How long to wait before retrying (`details.retryAfterSeconds`).
    public var retryAfterSeconds: Int?

    /// A status; mainly for tests.
    public init(code: Int, reason: StatusReason, message: String, causes: [Cause] = []) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
    }

    /// Decodes a `Status` document; nil when `json` is not one.
    public init?(json: JSONValue) {
        guard json["kind"]?.stringValue == "Status" else { return nil }
        code = Int(json["code"]?.int64Value ?? 0)
        status = json["status"]?.stringValue
        reason = StatusReason(rawValue: json["reason"]?.stringValue ?? "")
        message = json["message"]?.stringValue ?? ""
        let details = json["details"]
        name = details?["name"]?.stringValue
        kind = details?["kind"]?.stringValue
        group = details?["group"]?.stringValue
        uid = details?["uid"]?.stringValue
        causes = (details?["causes"]?.arrayValue ?? []).map { cause in
            Cause(
                reason: cause["reason"]?.stringValue, message: cause["message"]?.stringValue,
                field: cause["field"]?.stringValue)
        }
        retryAfterSeconds = details?["retryAfterSeconds"]?.int64Value.map { Int($0) }
    }

    /// `Reason (code): message`.
    public var description: String {
        "\(reason.rawValue.isEmpty ? "HTTP" : reason.rawValue) (\(code)): \(message)"
    }
}
