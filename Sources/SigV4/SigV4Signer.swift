import Foundation

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), in headers or as a presigned URL.
///
/// The clock is a parameter (`date:`), so signatures are reproducible. Each documented stage of the
/// algorithm is a public static function (`canonicalRequest`, `stringToSign`, `signingKey`, `signature`)
/// shared with `SigV4Verifier`.
public struct SigV4Signer: Sendable {
    /// The only algorithm this signer produces.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The longest presigned-URL lifetime AWS accepts, in seconds (7 days).
    public static let maximumExpiry = 604_800

    /// The credentials that sign.
    public let credentials: AWSCredentials
    /// The signing region, e.g. `us-east-1`.
    public let region: String
    /// The signing service, e.g. `sagemaker` or `s3`.
    public let service: String
    /// The canonicalisation rules; by default those of `service`.
    public let rules: SigningRules

    /// Creates a signer for a region and service; `rules` defaults to `SigningRules.forService(service)`.
    public init(credentials: AWSCredentials, region: String, service: String, rules: SigningRules? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.rules = rules ?? .forService(service)
    }

    /// Signs a request and returns the headers to add to it: `X-Amz-Date`, `X-Amz-Content-SHA256` (when the
    /// rules ask for it), `X-Amz-Security-Token` (with a session token) and `Authorization`.
    ///
    /// All of `headers` are signed except hop-by-hop ones and `User-Agent`; `Host` is taken from `url` unless
    /// `headers` has one, and the HTTP client must send that same value. Caller-supplied `Authorization` and
    /// `X-Amz-Date` (and the other headers this method adds) are replaced, not signed twice.
    public func signHeaders(
        method: String,
        url: URL,
        headers: [(String, String)] = [],
        payloadHash: PayloadHash,
        date: Date = Date()
    ) -> [(String, String)] {
        let parts = URLParts(url)
        return headerSigning(
            method: method, path: parts.path, query: parts.query, host: parts.host,
            headers: headers, payloadHash: payloadHash, date: date
        ).addedHeaders
    }

    /// Returns `url` with query authentication added (`X-Amz-Algorithm` … `X-Amz-Signature`), valid for
    /// `expires` seconds (1...604800) from `date`.
    ///
    /// Only `host` and the given `headers` are signed; the payload is `UNSIGNED-PAYLOAD` unless given.
    public func presignedURL(
        method: String,
        url: URL,
        expires: Int,
        headers: [(String, String)] = [],
        payloadHash: PayloadHash = .unsigned,
        date: Date = Date()
    ) -> URL {
        precondition((1...Self.maximumExpiry).contains(expires), "X-Amz-Expires must be in 1...604800 seconds")
        let parts = URLParts(url)
        let details = querySigning(
            method: method, path: parts.path, query: parts.query, host: parts.host,
            headers: headers, payloadHash: payloadHash, expires: expires, date: date
        )
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        components.percentEncodedQuery = details.query
        return components.url ?? url
    }
}

/// The pieces of a URL that SigV4 signs: the path and query as sent, and the Host header value.
struct URLParts {
    var path: String
    var query: String
    var host: String

    init(_ url: URL) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let path = components?.percentEncodedPath ?? ""
        self.path = path.isEmpty ? "/" : path
        self.query = components?.percentEncodedQuery ?? ""
        var host = components?.percentEncodedHost ?? ""
        if host.contains(":") && !host.hasPrefix("[") {
            host = "[\(host)]"
        }
        let defaultPort: Int? =
            switch components?.scheme?.lowercased() {
            case "http": 80
            case "https": 443
            default: nil
            }
        if let port = components?.port, port != defaultPort {
            host += ":\(port)"
        }
        self.host = host
    }
}
