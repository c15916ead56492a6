#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The answer to ListParts (`ListPartsResult`; moto says `ListPartsResponse`).
public struct ListPartsResult: Hashable, Sendable {
    /// An uploaded part.
    public struct Part: Hashable, Sendable {
        /// The part number (1 to 10 000).
        public let partNumber: Int
        /// When the part was uploaded, if sent.
        public let lastModified: Date?
        /// The part's entity tag, exactly as sent.
        public let eTag: String
        /// The part size in bytes.
        public let size: Int64
    }

    private static let rootNames = ["ListPartsResult", "ListPartsResponse"]

    /// The bucket name.
    public let bucket: String
    /// The object key.
    public let key: String
    /// The upload ID.
    public let uploadID: String
    /// Whether more parts follow.
    public let isTruncated: Bool
    /// The marker to request the next page of parts with, if sent.
    public let nextPartNumberMarker: Int?
    /// The parts on this page.
    public let parts: [Part]

    /// Parses a `ListPartsResult` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `ListPartsResult` (or `ListPartsResponse`) element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        guard Self.rootNames.contains(element.name) else {
            throw .unexpectedRoot(expected: Self.rootNames, found: element.name)
        }
        bucket = try element.requiredText(of: "Bucket")
        key = try element.requiredText(of: "Key")
        uploadID = try element.requiredText(of: "UploadId")
        isTruncated = try element.boolean(of: "IsTruncated") ?? false
        nextPartNumberMarker = try element.integer(of: "NextPartNumberMarker")
        var parts: [Part] = []
        for child in element.children(named: "Part") {
            parts.append(
                Part(
                    partNumber: try child.requiredInteger(of: "PartNumber"),
                    lastModified: try child.date(of: "LastModified"), eTag: try child.requiredText(of: "ETag"),
                    size: try child.requiredByteCount(of: "Size")))
        }
        self.parts = parts
    }
}
