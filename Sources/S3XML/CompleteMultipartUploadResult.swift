/// A successful CompleteMultipartUpload (`CompleteMultipartUploadResult`; moto says
/// `CompleteMultipartUploadResponse`).
///
/// A 200 answer to CompleteMultipartUpload may still be a failure: read it with
/// ``CompleteMultipartUploadOutcome`` instead.
public struct CompleteMultipartUploadResult: Hashable, Sendable {
    /// The root element names accepted.
    static let rootNames = ["CompleteMultipartUploadResult", "CompleteMultipartUploadResponse"]

    /// The URL of the new object, if sent.
    public let location: String?
    /// The bucket name, if sent.
    public let bucket: String?
    /// The object key, if sent.
    public let key: String?
    /// The entity tag of the assembled object, exactly as sent (usually quoted, ending in `-<parts>`).
    public let eTag: String

    /// Parses a `CompleteMultipartUploadResult` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `CompleteMultipartUploadResult` (or `CompleteMultipartUploadResponse`) element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        guard Self.rootNames.contains(element.name) else {
            throw .unexpectedRoot(expected: Self.rootNames, found: element.name)
        }
        location = element.text(of: "Location")
        bucket = element.text(of: "Bucket")
        key = element.text(of: "Key")
        eTag = try element.requiredText(of: "ETag")
    }

    /// The entity tag without its surrounding double quotes.
    public var unquotedETag: String {
        ETag.unquoted(eTag)
    }
}
