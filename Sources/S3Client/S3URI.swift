/// An `s3://bucket/key` address; the key may be empty (the bucket) or end in `/` (a prefix).
public struct S3URI: Sendable, Hashable, CustomStringConvertible {
    /// The bucket name.
    public var bucket: String
    /// The object key or key prefix, without a leading slash.
    public var key: String

    /// An address from its parts.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://bucket[/key]`; nil when `text` is not an S3 URI with a valid bucket name.
    public init?(_ text: String) {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        guard Self.isValidBucketName(String(bucket)) else { return nil }
        self.bucket = String(bucket)
        self.key = String(rest.dropFirst(bucket.count + 1))
    }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }

    /// The address of `name` under this prefix (a `/` is inserted when the key does not end in one).
    public func appending(_ name: String) -> S3URI {
        if key.isEmpty || key.hasSuffix("/") { return S3URI(bucket: bucket, key: key + name) }
        return S3URI(bucket: bucket, key: key + "/" + name)
    }

    /// S3's bucket naming rules, relaxed as S3-compatible servers are: 3-63 characters of lower-case letters,
    /// digits, `.`, `-` (and `_`, which some servers allow), starting and ending with a letter or digit.
    public static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
    }
}
