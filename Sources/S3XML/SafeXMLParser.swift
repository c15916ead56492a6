/// Parses untrusted XML from an S3 server into an ``S3XMLElement`` tree, refusing hostile input.
///
/// The bytes go through libxml2 with network access off and no entity substitution, DTD loading or
/// `XML_PARSE_HUGE`. A DOCTYPE or entity declaration (S3 never sends one) is refused outright, as are
/// documents over ``XMLParsingLimits``. Leading whitespace and a UTF-8 byte-order mark before the XML
/// declaration are skipped, because S3 streams keep-alive whitespace ahead of some bodies. Parsing is
/// safe from many threads at once.
public struct SafeXMLParser: Sendable {
    /// The bounds applied to every document.
    public var limits: XMLParsingLimits

    /// Creates a parser with the given limits.
    public init(limits: XMLParsingLimits = .default) {
        self.limits = limits
    }

    /// Parses `bytes` and returns the root element.
    public func parse(_ bytes: [UInt8]) throws(S3XMLError) -> S3XMLElement {
        guard bytes.count <= limits.maxByteCount else {
            throw .tooLarge(byteCount: bytes.count, limit: limits.maxByteCount)
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(S3XMLError) -> S3XMLElement in
            let (start, skippedLines) = Self.documentStart(in: buffer)
            let document = UnsafeBufferPointer(rebasing: buffer[start...])
            guard !document.isEmpty else { throw .emptyDocument }
            if let offset = document.firstIndex(of: 0) {
                throw .malformed("a NUL byte at offset \(start + offset)", line: nil)
            }
            try MarkupScan.check(document, maxAttributesPerElement: limits.maxAttributesPerElement)
            return try LibXML2Parse(limits: limits, lineOffset: skippedLines).parse(document)
        }
    }

    /// The offset after a UTF-8 byte-order mark and any whitespace, and how many newlines were skipped.
    static func documentStart(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, skippedLines: Int) {
        var offset = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
        }
        var lines = 0
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "\n"): lines += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: return (offset, lines)
            }
            offset += 1
        }
        return (offset, lines)
    }
}
