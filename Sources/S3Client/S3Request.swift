/// One S3 API request before signing: what to call, and what to do with the answer's body.
struct S3Request: Sendable {
    /// Where the request body comes from.
    enum Body: Sendable {
        /// No body.
        case none
        /// Bytes in memory (XML documents), hashed for the signature.
        case bytes([UInt8])
        /// A byte range of a file, streamed; `sha256` is its digest, computed beforehand, which signs the payload;
        /// nil sends it as `UNSIGNED-PAYLOAD` (its integrity then rests on a signed `Content-MD5`).
        case file(path: String, offset: Int64, length: Int64, sha256: [UInt8]?)
    }

    /// Where a successful answer's body goes.
    enum Destination: Sendable {
        /// Into memory, up to the limit (XML documents).
        case memory(limit: Int)
        /// Into a file at an offset (downloads).
        case file(path: String, offset: Int64)
        /// Nowhere.
        case discard
    }

    var method: String
    var bucket: String
    var key: String?
    var query: [(String, String?)] = []
    var headers: [(String, String)] = []
    var body: Body = .none
    var destination: Destination = .memory(limit: 8 << 20)
    /// Progress: bytes of the body sent or received so far in this attempt.
    var progress: (@Sendable (Int64) -> Void)?

    /// A short label for logs and errors: `GET bucket/key`.
    var label: String { "\(method) \(bucket)/\(key ?? "")" }
}
