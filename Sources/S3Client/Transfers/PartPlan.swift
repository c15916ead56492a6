/// How an object of a given size splits into parts: for multipart uploads and for parallel ranged downloads.
public struct PartPlan: Sendable, Equatable {
    /// One part: S3's 1-based number and its byte range in the file.
    public struct Part: Sendable, Equatable {
        /// S3's part number, 1...10000.
        public var number: Int
        /// The first byte's offset.
        public var offset: Int64
        /// The part's length in bytes.
        public var length: Int64
        /// The HTTP `Range` header value for this part.
        public var rangeHeader: String { "bytes=\(offset)-\(offset + length - 1)" }
    }

    /// The total size in bytes.
    public let size: Int64
    /// The size of every part but the last.
    public let partSize: Int64

    /// Plans parts of `preferredPartSize`, grown (to whole MiB) when the object would need more than
    /// `maximumPartCount` parts.
    public init(size: Int64, preferredPartSize: Int64, maximumPartCount: Int = S3Configuration.maximumPartCount) {
        precondition(size >= 0 && preferredPartSize > 0)
        self.size = size
        let mebibyte: Int64 = 1024 * 1024
        let needed = (size + Int64(maximumPartCount) - 1) / Int64(maximumPartCount)
        let grown = (needed + mebibyte - 1) / mebibyte * mebibyte
        self.partSize = max(preferredPartSize, grown)
    }

    /// The number of parts (at least 1: an empty object is one empty part).
    public var count: Int { size == 0 ? 1 : Int((size + partSize - 1) / partSize) }

    /// The part with the given 1-based number.
    public func part(_ number: Int) -> Part {
        precondition((1...count).contains(number))
        let offset = Int64(number - 1) * partSize
        return Part(number: number, offset: offset, length: min(partSize, size - offset))
    }

    /// All parts in order.
    public var parts: [Part] { (1...count).map(part) }
}
