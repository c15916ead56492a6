import Foundation

/// What HeadObject (or a GET) says about an object.
public struct ObjectMetadata: Sendable, Equatable {
    /// The object's size in bytes.
    public var size: Int64
    /// The ETag, quotes included; an MD5 of the content when it has no `-` (not a multipart upload).
    public var eTag: String?
    /// `Last-Modified`.
    public var lastModified: Date?
    /// `Content-Type`.
    public var contentType: String?
    /// `x-amz-checksum-sha256`, when the object has one.
    public var checksumSHA256: String?

    /// Metadata from what is known, e.g. a listing's size, ETag and time.
    public init(
        size: Int64, eTag: String?, lastModified: Date? = nil, contentType: String? = nil,
        checksumSHA256: String? = nil
    ) {
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
        self.contentType = contentType
        self.checksumSHA256 = checksumSHA256
    }

    /// The ETag without quotes.
    public var unquotedETag: String? {
        eTag.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
