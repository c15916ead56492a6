import Foundation
import SigV4

/// Everything the S3 client needs to know, read once at the edge (environment, shared files, flags).
public struct S3Configuration: Sendable {
    /// How bucket names go into URLs.
    public enum Addressing: String, Sendable {
        /// `https://endpoint/bucket/key`: every S3-compatible server and custom endpoints.
        case path
        /// `https://bucket.endpoint/key`: AWS's default for DNS-compatible bucket names.
        case virtualHosted = "virtual"
    }

    /// The credentials that sign every request.
    public var credentials: AWSCredentials
    /// The signing region.
    public var region: String
    /// The endpoint, e.g. `http://127.0.0.1:8333`; AWS's regional endpoint when nil.
    public var endpoint: URL?
    /// Path-style or virtual-hosted URLs.
    public var addressing: Addressing
    /// The part size of multipart uploads and of parallel ranged downloads, in bytes (at least 5 MiB).
    public var partSize: Int64
    /// Objects at least this large are uploaded in parts and downloaded in parallel ranges.
    public var multipartThreshold: Int64
    /// Transfers (parts, objects) in flight at once.
    public var concurrency: Int
    /// Retries of failed requests.
    public var retry: RetryPolicy
    /// A PEM bundle of trusted CAs (`AWS_CA_BUNDLE`), instead of the system's.
    public var caBundlePath: String?
    /// A request moving no bytes at all for this long fails (retryably) as timed out; whole seconds, at least 1.
    public var stallTimeout: Duration

    /// The smallest part S3 accepts (except the last).
    public static let minimumPartSize: Int64 = 5 * 1024 * 1024
    /// The largest part S3 accepts.
    public static let maximumPartSize: Int64 = 5 * 1024 * 1024 * 1024
    /// The most parts one upload may have.
    public static let maximumPartCount = 10_000

    /// A configuration with the given credentials and defaults for the rest.
    public init(
        credentials: AWSCredentials,
        region: String = "us-east-1",
        endpoint: URL? = nil,
        addressing: Addressing? = nil,
        partSize: Int64 = 16 * 1024 * 1024,
        multipartThreshold: Int64 = 16 * 1024 * 1024,
        concurrency: Int = 8,
        retry: RetryPolicy = RetryPolicy(),
        caBundlePath: String? = nil,
        stallTimeout: Duration = .seconds(60)
    ) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.addressing = addressing ?? (endpoint == nil ? .virtualHosted : .path)
        self.partSize = max(partSize, Self.minimumPartSize)
        self.multipartThreshold = multipartThreshold
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.caBundlePath = caBundlePath
        self.stallTimeout = stallTimeout
    }

    /// Reads the configuration as AWS's CLI does: credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`
    /// / `AWS_SESSION_TOKEN`, else the profile (`AWS_PROFILE`, else `default`) of the shared files; the region from
    /// `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile; the endpoint from `AWS_ENDPOINT_URL_S3` /
    /// `AWS_ENDPOINT_URL` / the profile's `endpoint_url` (also its nested `s3 = endpoint_url`); `AWS_CA_BUNDLE`;
    /// and `addressing_style` (`path`, `virtual`) from the profile's `s3` section.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        profile explicitProfile: String? = nil
    ) throws(S3ConfigurationError) -> S3Configuration {
        let files = try SharedConfigFiles.load(environment: environment)
        let profileName = explicitProfile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
        let settings = files.settings(profile: profileName ?? "default")
        if let profileName, settings == nil, environment["AWS_ACCESS_KEY_ID"] == nil {
            throw .unknownProfile(profileName)
        }
        let profile = settings ?? [:]
        let credentials = try resolveCredentials(environment: environment, profile: profile, name: profileName)
        let region =
            nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(profile["region"]) ?? "us-east-1"
        let endpointText =
            nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
            ?? nonEmpty(profile["s3.endpoint_url"]) ?? nonEmpty(profile["endpoint_url"])
        let endpoint = try endpointText.map { text throws(S3ConfigurationError) in try parseEndpoint(text) }
        var addressing: Addressing?
        if let style = nonEmpty(profile["s3.addressing_style"]), style != "auto" {
            guard let parsed = Addressing(rawValue: style) else {
                throw .invalidSetting(name: "addressing_style", value: style, expected: "path, virtual or auto")
            }
            addressing = parsed
        }
        return S3Configuration(
            credentials: credentials, region: region, endpoint: endpoint, addressing: addressing,
            caBundlePath: nonEmpty(environment["AWS_CA_BUNDLE"]) ?? nonEmpty(profile["ca_bundle"]))
    }

    /// Validates an endpoint URL: absolute, http or https, with a host.
    public static func parseEndpoint(_ text: String) throws(S3ConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw .invalidEndpoint(text) }
        return url
    }

    private static func resolveCredentials(
        environment: [String: String], profile: [String: String], name: String?
    ) throws(S3ConfigurationError) -> AWSCredentials {
        let key = nonEmpty(environment["AWS_ACCESS_KEY_ID"])
        let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        if let key, let secret {
            return AWSCredentials(
                accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        }
        if (key == nil) != (secret == nil) { throw .incompleteCredentials(source: "the environment") }
        let profileKey = nonEmpty(profile["aws_access_key_id"])
        let profileSecret = nonEmpty(profile["aws_secret_access_key"])
        if let profileKey, let profileSecret {
            return AWSCredentials(
                accessKeyID: profileKey, secretAccessKey: profileSecret,
                sessionToken: nonEmpty(profile["aws_session_token"]))
        }
        if (profileKey == nil) != (profileSecret == nil) {
            throw .incompleteCredentials(source: "profile '\(name ?? "default")'")
        }
        throw .noCredentials(profile: name ?? "default")
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
