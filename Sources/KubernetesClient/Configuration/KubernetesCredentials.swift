/// How requests authenticate, besides a client certificate (which is part of the TLS configuration).
public enum KubernetesCredentials: Sendable, Equatable {
    /// No `Authorization` header.
    case none
    /// A fixed bearer token.
    case bearerToken(String)
    /// A bearer token read from a file and read again every `refreshInterval` (service-account tokens rotate).
    case tokenFile(path: String, refreshInterval: Duration)
    /// HTTP basic authentication.
    case basic(username: String, password: String)

    /// How often client-go reads a token file again.
    public static let defaultTokenRefreshInterval = Duration.seconds(60)
}
