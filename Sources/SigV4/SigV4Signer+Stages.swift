import Foundation

extension SigV4Signer {
    /// Stage 1: the canonical request (method, canonical URI, canonical query, canonical headers, signed
    /// headers, payload hash), lines joined by `\n`.
    ///
    /// `path` and `query` are as sent on the wire (percent-encoded, no `?`); `signedHeaders` are header names
    /// in any case and order. A signed header missing from `headers` contributes an empty value.
    public static func canonicalRequest(
        method: String,
        path: String,
        query: String,
        headers: [(String, String)],
        signedHeaders: [String],
        payloadHash: String,
        rules: SigningRules
    ) -> String {
        canonicalRequest(
            method: method,
            canonicalURI: canonicalURI(path: path, rules: rules),
            canonicalQuery: canonicalQueryString(query),
            headers: headers,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
    }

    /// Stage 2: the string to sign: algorithm, timestamp, scope and the hex SHA-256 of the canonical request.
    public static func stringToSign(canonicalRequest: String, date: Date, scope: CredentialScope) -> String {
        [algorithm, AMZDate.basic(date), scope.description, SHA256.hexDigest(utf8: canonicalRequest)]
            .joined(separator: "\n")
    }

    /// Stage 3: the signing key, HMAC chain `AWS4`+secret → date → region → service → `aws4_request`.
    public static func signingKey(secretAccessKey: String, date: Date, region: String, service: String) -> [UInt8] {
        signingKey(
            secretAccessKey: secretAccessKey, dateStamp: AMZDate.dateStamp(date), region: region, service: service)
    }

    /// Stage 3 for a `yyyyMMdd` date stamp.
    public static func signingKey(
        secretAccessKey: String, dateStamp: String, region: String, service: String
    ) -> [UInt8] {
        let dateKey = HMACSHA256.authenticate(dateStamp.utf8, key: Array("AWS4\(secretAccessKey)".utf8))
        let regionKey = HMACSHA256.authenticate(region.utf8, key: dateKey)
        let serviceKey = HMACSHA256.authenticate(service.utf8, key: regionKey)
        return HMACSHA256.authenticate(CredentialScope.terminator.utf8, key: serviceKey)
    }

    /// Stage 4: the signature, lower-case hex HMAC-SHA256 of the string to sign under the signing key.
    public static func signature(signingKey: [UInt8], stringToSign: String) -> String {
        Hex.encode(HMACSHA256.authenticate(stringToSign.utf8, key: signingKey))
    }

    /// The `Authorization` header value for a signature.
    public static func authorizationHeader(
        accessKeyID: String,
        scope: CredentialScope,
        signedHeaders: [String],
        signature: String
    ) -> String {
        "\(algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeadersLine(signedHeaders)), Signature=\(signature)"
    }
}
