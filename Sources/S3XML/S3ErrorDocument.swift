/// An S3 error response (`<Error>`), from a failing status or a 200 that carries an error.
///
/// Bodies without a `Code` (or that are not XML at all) are refused; callers then report a generic
/// error from the HTTP status.
public struct S3ErrorDocument: Hashable, Sendable {
    /// The S3 error code, such as `NoSuchKey` or `SlowDown`.
    public let code: String
    /// The human-readable message, if sent.
    public let message: String?
    /// The request ID, if sent.
    public let requestID: String?
    /// The extended request ID (`HostId`), if sent.
    public let hostID: String?
    /// The resource the request addressed, if sent.
    public let resource: String?
    /// The object key, if sent.
    public let key: String?
    /// The bucket name, if sent.
    public let bucketName: String?
    /// The other child elements (such as `Region`, `Endpoint` or `UploadId`), by name; the first wins.
    public let additionalFields: [String: String]

    private static let knownFields: Set = ["Code", "Message", "RequestId", "HostId", "Resource", "Key", "BucketName"]

    /// Parses an `<Error>` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `<Error>` element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        try element.expectName("Error")
        let code = try element.requiredText(of: "Code").trimmingXMLWhitespace()
        guard !code.isEmpty else { throw .invalidValue("", element: "Code", expected: "an error code") }
        self.code = code
        message = element.text(of: "Message")
        requestID = element.text(of: "RequestId")
        hostID = element.text(of: "HostId")
        resource = element.text(of: "Resource")
        key = element.text(of: "Key")
        bucketName = element.text(of: "BucketName")
        var additionalFields: [String: String] = [:]
        for child in element.children where !Self.knownFields.contains(child.name) {
            if additionalFields[child.name] == nil { additionalFields[child.name] = child.text }
        }
        self.additionalFields = additionalFields
    }
}

extension S3ErrorDocument: CustomStringConvertible {
    /// `Code: Message`.
    public var description: String {
        guard let message, !message.isEmpty else { return code }
        return "\(code): \(message)"
    }
}
