/// The answer to CreateMultipartUpload (`InitiateMultipartUploadResult`).
public struct InitiateMultipartUploadResult: Hashable, Sendable {
    /// The bucket name.
    public let bucket: String
    /// The object key.
    public let key: String
    /// The upload ID to send with every part and with the completion.
    public let uploadID: String

    /// Parses an `InitiateMultipartUploadResult` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `InitiateMultipartUploadResult` element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        try element.expectName("InitiateMultipartUploadResult")
        bucket = try element.requiredText(of: "Bucket")
        key = try element.requiredText(of: "Key")
        let uploadID = try element.requiredText(of: "UploadId").trimmingXMLWhitespace()
        guard !uploadID.isEmpty else { throw .invalidValue("", element: "UploadId", expected: "an upload ID") }
        self.uploadID = uploadID
    }
}
