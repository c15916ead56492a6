/// The answer to DeleteObjects (`DeleteResult`): which keys were deleted and which failed.
public struct DeleteResult: Hashable, Sendable {
    /// A key reported deleted (S3 also reports keys that never existed as deleted).
    public struct Deleted: Hashable, Sendable {
        /// The object key.
        public let key: String
        /// The version deleted, if versioned.
        public let versionID: String?
        /// Whether a delete marker was involved, if sent.
        public let isDeleteMarker: Bool?
        /// The delete marker's version, if one was created.
        public let deleteMarkerVersionID: String?
    }

    /// A key that could not be deleted.
    public struct Failure: Hashable, Sendable {
        /// The object key.
        public let key: String
        /// The version, if one was named.
        public let versionID: String?
        /// The S3 error code, such as `AccessDenied`.
        public let code: String
        /// The message, if sent.
        public let message: String?
    }

    /// The keys deleted (absent in quiet mode).
    public let deleted: [Deleted]
    /// The keys that failed.
    public let errors: [Failure]

    /// Parses a `DeleteResult` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `DeleteResult` element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        try element.expectName("DeleteResult")
        var deleted: [Deleted] = []
        for child in element.children(named: "Deleted") {
            deleted.append(
                Deleted(
                    key: try child.requiredText(of: "Key"), versionID: child.text(of: "VersionId"),
                    isDeleteMarker: try child.boolean(of: "DeleteMarker"),
                    deleteMarkerVersionID: child.text(of: "DeleteMarkerVersionId")))
        }
        var errors: [Failure] = []
        for child in element.children(named: "Error") {
            errors.append(
                Failure(
                    key: try child.requiredText(of: "Key"), versionID: child.text(of: "VersionId"),
                    code: try child.requiredText(of: "Code").trimmingXMLWhitespace(),
                    message: child.text(of: "Message")))
        }
        self.deleted = deleted
        self.errors = errors
    }
}
