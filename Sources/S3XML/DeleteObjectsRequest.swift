/// The body of a DeleteObjects request (`<Delete>`): up to 1000 keys, optionally quiet.
public struct DeleteObjectsRequest: Hashable, Sendable {
    /// An object to delete.
    public struct Object: Hashable, Sendable {
        /// The object key (any string XML 1.0 can carry; it is escaped).
        public var key: String
        /// A specific version to delete.
        public var versionID: String?

        /// Creates an entry for `key`, optionally a version of it.
        public init(key: String, versionID: String? = nil) {
            self.key = key
            self.versionID = versionID
        }
    }

    /// The most objects one request may name.
    public static let maxObjectCount = 1000

    /// The objects to delete.
    public var objects: [Object]
    /// Whether the server should report only failures.
    public var isQuiet: Bool

    /// Creates a request body for `objects`.
    public init(objects: [Object], isQuiet: Bool = false) {
        self.objects = objects
        self.isQuiet = isQuiet
    }

    /// Creates a request body for the latest versions of `keys`.
    public init(keys: [String], isQuiet: Bool = false) {
        self.init(objects: keys.map { Object(key: $0) }, isQuiet: isQuiet)
    }

    /// The `<Delete>` document, UTF-8.
    public func xmlBody() throws(S3XMLError) -> [UInt8] {
        guard (1...Self.maxObjectCount).contains(objects.count) else {
            throw .invalidValue(
                "\(objects.count) objects", element: "Delete", expected: "between 1 and \(Self.maxObjectCount) objects")
        }
        var writer = XMLDocumentWriter(root: "Delete")
        for object in objects {
            guard !object.key.isEmpty else { throw .invalidValue("", element: "Key", expected: "a non-empty key") }
            writer.open("Object")
            try writer.element("Key", text: object.key)
            if let versionID = object.versionID { try writer.element("VersionId", text: versionID) }
            writer.close()
        }
        if isQuiet { try writer.element("Quiet", text: "true") }
        return writer.finish()
    }
}
