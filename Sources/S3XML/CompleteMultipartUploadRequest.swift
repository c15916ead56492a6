/// The body of a CompleteMultipartUpload request: the parts, in order, with their entity tags.
public struct CompleteMultipartUploadRequest: Hashable, Sendable {
    /// An uploaded part.
    public struct Part: Hashable, Sendable {
        /// The part number (1 to 10 000).
        public var partNumber: Int
        /// The entity tag UploadPart returned, as returned (quotes included).
        public var eTag: String

        /// Creates a part.
        public init(partNumber: Int, eTag: String) {
            self.partNumber = partNumber
            self.eTag = eTag
        }
    }

    /// The parts, in ascending part-number order.
    public var parts: [Part]

    /// Creates a request body for `parts`.
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The `<CompleteMultipartUpload>` document, UTF-8.
    public func xmlBody() throws(S3XMLError) -> [UInt8] {
        guard !parts.isEmpty else {
            throw .invalidValue("", element: "CompleteMultipartUpload", expected: "a list of at least one part")
        }
        var writer = XMLDocumentWriter(root: "CompleteMultipartUpload")
        for part in parts {
            guard (1...10_000).contains(part.partNumber) else {
                throw .invalidValue(String(part.partNumber), element: "PartNumber", expected: "within 1...10000")
            }
            writer.open("Part")
            try writer.element("PartNumber", text: String(part.partNumber))
            try writer.element("ETag", text: part.eTag)
            writer.close()
        }
        return writer.finish()
    }
}
