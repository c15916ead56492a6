import Foundation

extension SigV4Verifier {
    /// The request time in seconds since 1970, from `X-Amz-Date` (ISO 8601 basic) or `Date` (IMF-fixdate).
    func requestTime(_ claim: SignatureClaim) throws(SigV4VerificationError) -> Int {
        let parsed = claim.dateIsHTTPDate ? AMZDate.parseHTTPDate(claim.dateText) : AMZDate.parseBasic(claim.dateText)
        guard let parsed else {
            throw .incomplete(
                "Date must be in ISO-8601 'basic format'. Got '\(claim.dateText)'. See http://en.wikipedia.org/wiki/ISO_8601"
            )
        }
        return parsed
    }

    /// Checks the request time against `now`; returns the presigned URL's `X-Amz-Expires`, if any.
    func checkTime(_ date: Int, claim: SignatureClaim, now: Date) throws(SigV4VerificationError) -> Int? {
        let expires = try claim.expiresText.map { text throws(SigV4VerificationError) in try Self.expiry(text) }
        let current = AMZDate.wholeSeconds(now)
        let skew = Int(maximumClockSkew.components.seconds)
        let window = expires ?? skew
        if date < current - window {
            throw .invalid(
                "Signature expired: \(AMZDate.basic(seconds: date)) is now earlier than "
                    + "\(AMZDate.basic(seconds: current - window)) (\(AMZDate.basic(seconds: current)) - \(Self.span(window)))"
            )
        }
        if date > current + skew {
            throw .invalid(
                "Signature not yet current: \(AMZDate.basic(seconds: date)) is still later than "
                    + "\(AMZDate.basic(seconds: current + skew)) (\(AMZDate.basic(seconds: current)) + \(Self.span(skew)))"
            )
        }
        return expires
    }

    /// Checks the credential's form and scope; returns the access key ID and the scope.
    func checkCredential(
        _ claim: SignatureClaim, date: Int, request: SignedRequest
    ) throws(SigV4VerificationError) -> (accessKeyID: String, scope: CredentialScope) {
        var credential = Substring(claim.credential)
        while credential.hasSuffix("/") { credential = credential.dropLast() }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else {
            throw .incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                    + "got '\(claim.credential)'")
        }
        let (accessKeyID, dateStamp, scopeRegion, scopeService, terminator) = (
            parts[0], parts[1], parts[2], parts[3], parts[4]
        )
        let amzDate = AMZDate.basic(seconds: date)
        var message = ""
        if let region, scopeRegion != region {
            message += "Credential should be scoped to a valid region. "
        }
        let serviceMatches =
            services.contains(scopeService) && (request.service == nil || request.service == scopeService)
        if !serviceMatches {
            let expected = request.service ?? services.sorted().first ?? ""
            message += "Credential should be scoped to correct service: '\(expected)'. "
        }
        if terminator != CredentialScope.terminator {
            message += "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'. "
        }
        if dateStamp != amzDate.prefix(8) {
            message +=
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'\(dateStamp)' != '\(amzDate.prefix(8))', from '\(amzDate)'. "
        }
        guard message.isEmpty else { throw .invalid(message) }
        return (accessKeyID, CredentialScope(dateStamp: dateStamp, region: scopeRegion, service: scopeService))
    }

    /// Parses `X-Amz-Expires` (S3's messages for the malformed cases).
    static func expiry(_ text: String) throws(SigV4VerificationError) -> Int {
        guard let value = Int(text) else { throw .incomplete("X-Amz-Expires should be a number") }
        guard value >= 0 else { throw .incomplete("X-Amz-Expires must be non-negative") }
        guard value <= SigV4Signer.maximumExpiry else {
            throw .incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800")
        }
        return value
    }

    /// `15 min.` for whole minutes, `90 sec.` otherwise.
    static func span(_ seconds: Int) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min." : "\(seconds) sec."
    }
}
