/// How connections are secured: whom to trust and who we are.
///
/// The peer's certificate and host name are always verified (`CURLOPT_SSL_VERIFYPEER` 1, `CURLOPT_SSL_VERIFYHOST` 2)
/// unless `insecureSkipVerify` is set explicitly, and a missing or unreadable CA is an error, never a reason to
/// skip verification. A configured CA replaces the system's trust store (`/etc/ssl/certs`) rather than adding to it.
public struct TLSConfiguration: Sendable {
    /// A PEM file of CA certificates to trust instead of the system's.
    public var caBundlePath: String?
    /// PEM CA certificates to trust instead of the system's (a kubeconfig's `certificate-authority-data`).
    public var caPEM: [UInt8]?
    /// A PEM client certificate file (mutual TLS).
    public var clientCertificatePath: String?
    /// A PEM client certificate (a kubeconfig's `client-certificate-data`).
    public var clientCertificatePEM: [UInt8]?
    /// The PEM private key file of the client certificate (unencrypted).
    public var clientKeyPath: String?
    /// The PEM private key of the client certificate (a kubeconfig's `client-key-data`; unencrypted).
    public var clientKeyPEM: [UInt8]?
    /// Skip verifying the server's certificate and host name: only for an explicit `insecure-skip-tls-verify`.
    /// The transport logs a warning when it starts with this set.
    public var insecureSkipVerify: Bool

    /// A configuration; the default trusts the system's CAs, presents no client certificate and verifies.
    public init(
        caBundlePath: String? = nil, caPEM: [UInt8]? = nil,
        clientCertificatePath: String? = nil, clientCertificatePEM: [UInt8]? = nil,
        clientKeyPath: String? = nil, clientKeyPEM: [UInt8]? = nil,
        insecureSkipVerify: Bool = false
    ) {
        self.caBundlePath = caBundlePath
        self.caPEM = caPEM
        self.clientCertificatePath = clientCertificatePath
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPath = clientKeyPath
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipVerify = insecureSkipVerify
    }

    /// Rejects contradictory settings: each item given at most once, as a path or as data, and a key with a
    /// certificate.
    func validate() throws(TransportError) {
        if caBundlePath != nil && caPEM != nil {
            throw .invalidConfiguration("TLS: give the CA as caBundlePath or caPEM, not both")
        }
        if clientCertificatePath != nil && clientCertificatePEM != nil {
            throw .invalidConfiguration("TLS: give the client certificate as a path or as PEM data, not both")
        }
        if clientKeyPath != nil && clientKeyPEM != nil {
            throw .invalidConfiguration("TLS: give the client key as a path or as PEM data, not both")
        }
        let hasCertificate = clientCertificatePath != nil || clientCertificatePEM != nil
        let hasKey = clientKeyPath != nil || clientKeyPEM != nil
        if hasCertificate != hasKey {
            throw .invalidConfiguration("TLS: a client certificate needs its key, and a key its certificate")
        }
    }
}
