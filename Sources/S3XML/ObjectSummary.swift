#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One object in a listing (`Contents`).
public struct ObjectSummary: Hashable, Sendable {
    /// The object key, decoded when the listing was URL-encoded; never trimmed.
    public let key: String
    /// When the object was last written, if sent.
    public let lastModified: Date?
    /// The entity tag exactly as sent, usually with its surrounding double quotes.
    public let eTag: String?
    /// The object size in bytes.
    public let size: Int64
    /// The storage class, such as `STANDARD`, if sent.
    public let storageClass: String?

    /// Creates a summary.
    public init(key: String, lastModified: Date?, eTag: String?, size: Int64, storageClass: String?) {
        self.key = key
        self.lastModified = lastModified
        self.eTag = eTag
        self.size = size
        self.storageClass = storageClass
    }

    /// Reads a `Contents` element; `isURLEncoded` decodes the key.
    init(element: S3XMLElement, isURLEncoded: Bool) throws(S3XMLError) {
        let key = try element.requiredText(of: "Key")
        self.key = isURLEncoded ? try URLFormDecoding.decode(key, element: "Key") : key
        lastModified = try element.date(of: "LastModified")
        eTag = element.text(of: "ETag")
        size = try element.requiredByteCount(of: "Size")
        storageClass = element.text(of: "StorageClass")?.trimmingXMLWhitespace()
    }

    /// The entity tag without its surrounding double quotes.
    public var unquotedETag: String? {
        eTag.map(ETag.unquoted)
    }
}

/// Entity-tag helpers.
enum ETag {
    /// `tag` without one pair of surrounding double quotes (and surrounding whitespace).
    static func unquoted(_ tag: String) -> String {
        let trimmed = tag.trimmingXMLWhitespace()
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return trimmed }
        return String(trimmed.dropFirst().dropLast())
    }
}
