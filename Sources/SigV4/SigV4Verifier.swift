import Foundation

/// Verifies SigV4-signed requests on the server side, answering failures the way AWS JSON services do.
///
/// Checks, in AWS's order: an `Authorization` header or query authentication is present (not both); all
/// parts are there; the date is well-formed and within `maximumClockSkew` of `now` (a presigned URL: not
/// older than its `X-Amz-Expires`); `host` is signed; the algorithm; the credential's five parts and its
/// scope (region when configured, service, terminator, date); the access key is known; the signature
/// matches (compared in constant time).
///
/// Presigned (query) requests: `X-Amz-Expires` is optional (without it the clock-skew window applies),
/// at most 604800; once it has passed, the error is `InvalidSignatureException` "Signature expired: …", and
/// the payload may be signed as the body's hash or as `UNSIGNED-PAYLOAD` (what botocore presigns with).
/// The session token is reported in the identity, not validated. Nothing here logs.
public struct SigV4Verifier: Sendable {
    /// The region signatures must be scoped to; nil accepts any.
    public let region: String?
    /// The services signatures may be scoped to, e.g. `["sagemaker", "logs"]`.
    public let services: Set<String>
    /// How far the request time may be from the server's clock.
    public let maximumClockSkew: Duration
    private let secretForAccessKey: @Sendable (String) -> String?

    /// Creates a verifier; `secretForAccessKey` returns the secret of a known access key ID, or nil.
    public init(
        region: String?,
        services: Set<String>,
        maximumClockSkew: Duration = .seconds(15 * 60),
        secretForAccessKey: @escaping @Sendable (String) -> String?
    ) {
        self.region = region
        self.services = services
        self.maximumClockSkew = maximumClockSkew
        self.secretForAccessKey = secretForAccessKey
    }

    /// Verifies `request` at time `now`, returning who signed it or the error to answer with.
    public func verify(_ request: SignedRequest, now: Date = Date()) throws(SigV4VerificationError) -> VerifiedIdentity
    {
        let authorization = request.header("authorization").flatMap { $0.trimmingASCIIWhitespace().isEmpty ? nil : $0 }
        let rawItems = SigV4Signer.queryItems(request.query)
        let items = rawItems.map {
            (name: String(decoding: $0.name, as: UTF8.self), value: String(decoding: $0.value, as: UTF8.self))
        }
        let hasAlgorithmParameter = items.contains { $0.name == "X-Amz-Algorithm" }
        let claim: SignatureClaim
        switch authorization {
        case .some where hasAlgorithmParameter:
            throw .bothAuthenticationMethods
        case .some(let value):
            claim = try SignatureClaim(authorization: value, request: request)
        case .none where hasAlgorithmParameter || items.contains(where: { $0.name == "X-Amz-Signature" }):
            claim = try SignatureClaim(query: items)
        case .none:
            throw .missingAuthenticationToken
        }

        let date = try requestTime(claim)
        let expires = try checkTime(date, claim: claim, now: now)
        guard claim.signedHeaders.contains("host") else { throw .hostNotSigned }
        guard claim.algorithm == SigV4Signer.algorithm else {
            throw .incomplete("Unsupported AWS 'algorithm': '\(claim.algorithm)' (only AWS4-HMAC-SHA256 for now). ")
        }
        let (accessKeyID, scope) = try checkCredential(claim, date: date, request: request)
        guard let secret = secretForAccessKey(accessKeyID) else { throw .unrecognizedClient }

        let signatureDate = Date(timeIntervalSince1970: TimeInterval(date))
        let rules = SigningRules.forService(scope.service)
        let signedItems = claim.isQuery ? rawItems.filter { $0.name != Array("X-Amz-Signature".utf8) } : rawItems
        let key = SigV4Signer.signingKey(
            secretAccessKey: secret, dateStamp: scope.dateStamp, region: scope.region, service: scope.service)
        let payloads = claim.isQuery ? [request.payloadHash, PayloadHash.unsigned.value] : [request.payloadHash]
        var matched = false
        for payload in payloads {
            let canonicalRequest = SigV4Signer.canonicalRequest(
                method: request.method,
                canonicalURI: SigV4Signer.canonicalURI(path: request.path, rules: rules),
                canonicalQuery: SigV4Signer.canonicalQueryString(decoded: signedItems),
                headers: request.headers, signedHeaders: claim.signedHeaders, payloadHash: payload
            )
            let stringToSign = SigV4Signer.stringToSign(
                canonicalRequest: canonicalRequest, date: signatureDate, scope: scope)
            let expected = SigV4Signer.signature(signingKey: key, stringToSign: stringToSign)
            matched = constantTimeEquals(expected.utf8, claim.signature.utf8) || matched
        }
        guard matched else { throw .signatureMismatch }

        return VerifiedIdentity(
            accessKeyID: accessKeyID,
            sessionToken: claim.sessionToken,
            scope: scope,
            signedHeaders: claim.signedHeaders,
            date: signatureDate,
            method: claim.isQuery ? .queryString(expires: expires) : .authorizationHeader
        )
    }
}
