import Foundation
import SigV4

/// Builds request URLs for buckets and keys: the endpoint override or AWS's regional endpoint, path-style or
/// virtual-hosted, keys percent-encoded once as S3 expects (`/` kept).
public struct S3Endpoint: Sendable {
    /// `http` or `https`.
    public let scheme: String
    /// The endpoint's `host[:port]`.
    public let authority: String
    /// A path prefix of the endpoint (usually empty), without a trailing slash.
    public let basePath: String
    /// Path-style or virtual-hosted.
    public let addressing: S3Configuration.Addressing

    /// The endpoint of a configuration.
    public init(configuration: S3Configuration) {
        if let url = configuration.endpoint, let components = URLComponents(url: url, resolvingAgainstBaseURL: true) {
            scheme = components.scheme?.lowercased() ?? "https"
            authority = (components.percentEncodedHost ?? "") + (components.port.map { ":\($0)" } ?? "")
            basePath =
                components.percentEncodedPath.hasSuffix("/")
                ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        } else {
            scheme = "https"
            authority = "s3.\(configuration.region).amazonaws.com"
            basePath = ""
        }
        addressing = configuration.addressing
    }

    /// The URL of `key` in `bucket` (the bucket itself when `key` is nil) with the query items, encoded.
    public func url(bucket: String, key: String? = nil, query: [(String, String?)] = []) -> String {
        let encodedKey = key.map { "/" + URIEncoding.encode($0, keepingSlash: true) } ?? ""
        let virtual = addressing == .virtualHosted && !bucket.contains(".")
        var text =
            virtual
            ? "\(scheme)://\(bucket).\(authority)\(basePath)\(encodedKey.isEmpty ? "/" : encodedKey)"
            : "\(scheme)://\(authority)\(basePath)/\(URIEncoding.encode(bucket))\(encodedKey)"
        if !query.isEmpty {
            text += "?"
            text += query.map { name, value in
                URIEncoding.encode(name) + (value.map { "=" + URIEncoding.encode($0) } ?? "")
            }.joined(separator: "&")
        }
        return text
    }
}
