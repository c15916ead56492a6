/// One page of a ListObjectsV2 listing (`ListBucketResult`).
///
/// With `encoding-type=url`, S3 URL-encodes `Key`, `Prefix` (also in `CommonPrefixes`), `Delimiter` and
/// `StartAfter`; they are decoded here (form decoding: `+` is a space). Continuation tokens are opaque:
/// they are XML-unescaped only, never URL-decoded, and must be percent-encoded again when sent back.
public struct ListObjectsV2Page: Hashable, Sendable {
    /// The bucket name.
    public let name: String
    /// The prefix the listing was restricted to, if the server echoed one.
    public let prefix: String?
    /// The delimiter that grouped keys into ``commonPrefixes``.
    public let delimiter: String?
    /// The number of keys and common prefixes on this page, if sent.
    public let keyCount: Int?
    /// The page size asked for, if sent.
    public let maxKeys: Int?
    /// Whether more pages follow.
    public let isTruncated: Bool
    /// The token this page was requested with (opaque).
    public let continuationToken: String?
    /// The token for the next page (opaque), present when ``isTruncated``.
    public let nextContinuationToken: String?
    /// The key the listing started after, if one was given.
    public let startAfter: String?
    /// The encoding the server applied to keys (`url`), if any.
    public let encodingType: String?
    /// The objects on this page.
    public let contents: [ObjectSummary]
    /// The key prefixes rolled up by ``delimiter``, decoded.
    public let commonPrefixes: [String]

    /// Parses a `ListBucketResult` document.
    public init(xml: [UInt8], limits: XMLParsingLimits = .default) throws(S3XMLError) {
        try self.init(element: SafeXMLParser(limits: limits).parse(xml))
    }

    /// Reads a parsed `ListBucketResult` element.
    public init(element: S3XMLElement) throws(S3XMLError) {
        try element.expectName("ListBucketResult")
        let encodingType = element.text(of: "EncodingType")
        let isURLEncoded = encodingType?.trimmingXMLWhitespace().lowercased() == "url"
        let decode = { (text: String, name: String) throws(S3XMLError) -> String in
            isURLEncoded ? try URLFormDecoding.decode(text, element: name) : text
        }
        let optional = { (name: String) throws(S3XMLError) -> String? in
            try element.text(of: name).map { (text) throws(S3XMLError) in try decode(text, name) }
        }

        name = try element.requiredText(of: "Name")
        prefix = try optional("Prefix")
        delimiter = try optional("Delimiter")
        startAfter = try optional("StartAfter")
        keyCount = try element.integer(of: "KeyCount")
        maxKeys = try element.integer(of: "MaxKeys")
        isTruncated = try element.requiredBoolean(of: "IsTruncated")
        continuationToken = element.text(of: "ContinuationToken")
        nextContinuationToken = element.text(of: "NextContinuationToken")
        self.encodingType = encodingType
        var contents: [ObjectSummary] = []
        for child in element.children(named: "Contents") {
            contents.append(try ObjectSummary(element: child, isURLEncoded: isURLEncoded))
        }
        self.contents = contents
        var commonPrefixes: [String] = []
        for child in element.children(named: "CommonPrefixes") {
            guard let prefix = child.text(of: "Prefix") else { continue }
            commonPrefixes.append(try decode(prefix, "Prefix"))
        }
        self.commonPrefixes = commonPrefixes
    }
}
