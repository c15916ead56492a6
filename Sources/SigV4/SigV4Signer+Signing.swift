import Foundation

/// Everything one signing computed, for tests and diagnostics.
struct SigningDetails: Sendable {
    /// The canonical request that was hashed.
    var canonicalRequest: String
    /// The string that was signed.
    var stringToSign: String
    /// The hex signature.
    var signature: String
    /// The signed header names, lower-case and sorted.
    var signedHeaders: [String]
    /// Header signing: the headers to add to the request (Authorization last).
    var addedHeaders: [(String, String)] = []
    /// Query signing: the complete percent-encoded query string, `X-Amz-Signature` last.
    var query: String = ""
}

extension SigV4Signer {
    /// Headers never signed: `Authorization` itself, hop-by-hop headers and those proxies rewrite (botocore's list).
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Signs with an `Authorization` header; `path` and `query` are raw (as sent), `host` is used unless
    /// `headers` has a Host header.
    func headerSigning(
        method: String, path: String, query: String, host: String,
        headers: [(String, String)], payloadHash: PayloadHash, date: Date
    ) -> SigningDetails {
        var replaced: Set<String> = ["authorization", "x-amz-date"]
        var added: [(String, String)] = [("X-Amz-Date", AMZDate.basic(date))]
        if rules.addsContentSHA256Header {
            replaced.insert("x-amz-content-sha256")
            added.append(("X-Amz-Content-SHA256", payloadHash.value))
        }
        if let token = credentials.sessionToken {
            replaced.insert("x-amz-security-token")
            added.append(("X-Amz-Security-Token", token))
        }
        var all = withHost(headers.filter { !replaced.contains($0.0.lowercased()) }, host: host)
        all += added
        var signed = Self.signableHeaderNames(all)
        if credentials.sessionToken != nil && !rules.signsSecurityToken {
            signed.removeAll { $0 == "x-amz-security-token" }
        }
        var details = sign(
            method: method,
            canonicalURI: Self.canonicalURI(path: path, rules: rules),
            canonicalQuery: Self.canonicalQueryString(query),
            headers: all, signedHeaders: signed, payloadHash: payloadHash.value, date: date
        )
        let authorization = Self.authorizationHeader(
            accessKeyID: credentials.accessKeyID, scope: CredentialScope(date: date, region: region, service: service),
            signedHeaders: signed, signature: details.signature
        )
        details.addedHeaders = added + [("Authorization", authorization)]
        return details
    }

    /// Signs with query parameters; the result's `query` is `query` followed by the `X-Amz-*` parameters.
    func querySigning(
        method: String, path: String, query: String, host: String,
        headers: [(String, String)], payloadHash: PayloadHash, expires: Int, date: Date
    ) -> SigningDetails {
        let all = withHost(headers.filter { !["authorization", "x-amz-date"].contains($0.0.lowercased()) }, host: host)
        let signed = Self.signableHeaderNames(all)
        let scope = CredentialScope(date: date, region: region, service: service)
        let parameters: [(String, String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", AMZDate.basic(date)),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", Self.signedHeadersLine(signed)),
        ]
        let token = credentials.sessionToken.map { [("X-Amz-Security-Token", $0)] } ?? []
        let signedParameters = rules.signsSecurityToken ? parameters + token : parameters
        let items = Self.queryItems(query) + signedParameters.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        var details = sign(
            method: method,
            canonicalURI: Self.canonicalURI(path: path, rules: rules),
            canonicalQuery: Self.canonicalQueryString(decoded: items),
            headers: all, signedHeaders: signed, payloadHash: payloadHash.value, date: date
        )
        let appended = (parameters + token + [("X-Amz-Signature", details.signature)])
            .map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }
        details.query = ((query.isEmpty ? [] : [query]) + appended).joined(separator: "&")
        return details
    }

    private func sign(
        method: String, canonicalURI: String, canonicalQuery: String,
        headers: [(String, String)], signedHeaders: [String], payloadHash: String, date: Date
    ) -> SigningDetails {
        let canonicalRequest = Self.canonicalRequest(
            method: method, canonicalURI: canonicalURI, canonicalQuery: canonicalQuery,
            headers: headers, signedHeaders: signedHeaders, payloadHash: payloadHash
        )
        let scope = CredentialScope(date: date, region: region, service: service)
        let stringToSign = Self.stringToSign(canonicalRequest: canonicalRequest, date: date, scope: scope)
        let key = Self.signingKey(
            secretAccessKey: credentials.secretAccessKey, date: date, region: region, service: service)
        return SigningDetails(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: Self.signature(signingKey: key, stringToSign: stringToSign),
            signedHeaders: Self.normalizedSignedHeaders(signedHeaders)
        )
    }

    private func withHost(_ headers: [(String, String)], host: String) -> [(String, String)] {
        headers.contains { $0.0.lowercased() == "host" } ? headers : [("Host", host)] + headers
    }

    static func signableHeaderNames(_ headers: [(String, String)]) -> [String] {
        normalizedSignedHeaders(headers.map { $0.0 }.filter { !unsignedHeaderNames.contains($0.lowercased()) })
    }
}
