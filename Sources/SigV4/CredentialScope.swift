import Foundation

/// The credential scope `yyyyMMdd/region/service/aws4_request` that a signature is bound to.
public struct CredentialScope: Sendable, Hashable, CustomStringConvertible {
    /// The terminator of every SigV4 scope.
    public static let terminator = "aws4_request"

    /// The UTC date stamp, `yyyyMMdd`.
    public var dateStamp: String
    /// The signing region, e.g. `us-east-1`.
    public var region: String
    /// The signing service, e.g. `sagemaker`.
    public var service: String

    /// Creates a scope from a date stamp (`yyyyMMdd`), a region and a service.
    public init(dateStamp: String, region: String, service: String) {
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
    }

    /// Creates the scope of a request signed at `date` (UTC).
    public init(date: Date, region: String, service: String) {
        self.init(dateStamp: AMZDate.dateStamp(date), region: region, service: service)
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public var description: String {
        "\(dateStamp)/\(region)/\(service)/\(Self.terminator)"
    }
}
