/// What a 200 answer to CompleteMultipartUpload really says: S3 may report a failure inside a 200,
/// after keep-alive whitespace, as an `<Error>` document.
public enum CompleteMultipartUploadOutcome: Hashable, Sendable {
    /// The upload was assembled.
    case completed(CompleteMultipartUploadResult)
    /// The body is an `<Error>`: the upload was not completed.
    case failed(S3ErrorDocument)

    /// Parses the body of a 200 answer to CompleteMultipartUpload; anything other than a result or an
    /// error (an empty body, not XML, another root) throws, and must also be treated as a failure.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        let root = try SafeXMLParser(limits: limits).parse(xml)
        if root.name == "Error" {
            self = .failed(try S3ErrorDocument(element: root))
        } else if CompleteMultipartUploadResult.rootNames.contains(root.name) {
            self = .completed(try CompleteMultipartUploadResult(element: root))
        } else {
            throw .unexpectedRoot(expected: CompleteMultipartUploadResult.rootNames + ["Error"], found: root.name)
        }
    }
}
