/// The signature a request claims, read from its `Authorization` header or its query parameters,
/// before anything is checked.
struct SignatureClaim {
    var algorithm: String
    var credential: String
    var signedHeaders: [String]
    var signature: String
    /// The raw `X-Amz-Date` (or `Date`) value.
    var dateText: String
    /// Whether `dateText` came from the `Date` header (IMF-fixdate) rather than `X-Amz-Date`.
    var dateIsHTTPDate = false
    /// The raw `X-Amz-Expires` of query authentication.
    var expiresText: String?
    var sessionToken: String?
    var isQuery: Bool

    /// Reads an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header and the request date.
    init(authorization: String, request: SignedRequest) throws(SigV4VerificationError) {
        let trimmed = authorization.trimmingASCIIWhitespace()
        let isSeparator: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "," }
        let algorithmEnd = trimmed.firstIndex(where: isSeparator) ?? trimmed.endIndex
        var parameters: [String: String] = [:]
        for pair in trimmed[algorithmEnd...].split(whereSeparator: isSeparator) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw .incomplete(
                    "'\(pair)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(authorization)'."
                )
            }
            let key = String(pair[..<equals])
            if parameters[key] == nil {
                parameters[key] = String(pair[pair.index(after: equals)...])
            }
        }
        var message = ""
        if (parameters["Credential"] ?? "").isEmpty {
            message += "Authorization header requires 'Credential' parameter. "
        }
        if (parameters["Signature"] ?? "").isEmpty {
            message += "Authorization header requires 'Signature' parameter. "
        }
        if parameters["SignedHeaders"] == nil {
            message += "Authorization header requires 'SignedHeaders' parameter. "
        }
        let amzDate = request.header("x-amz-date")?.trimmingASCIIWhitespace()
        let httpDate = request.header("date")?.trimmingASCIIWhitespace()
        if amzDate == nil && httpDate == nil {
            message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard message.isEmpty else { throw .incomplete(message + "Authorization=\(authorization)") }

        algorithm = String(trimmed[..<algorithmEnd])
        credential = parameters["Credential"] ?? ""
        signedHeaders = Self.headerNames(parameters["SignedHeaders"] ?? "")
        signature = parameters["Signature"] ?? ""
        dateText = amzDate ?? httpDate ?? ""
        dateIsHTTPDate = amzDate == nil
        sessionToken = request.header("x-amz-security-token")
        isQuery = false
    }

    /// Reads the `X-Amz-*` parameters of a presigned URL (decoded query items).
    init(query items: [(name: String, value: String)]) throws(SigV4VerificationError) {
        func value(_ name: String) -> String? {
            items.first { $0.name == name }?.value
        }
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
        let missing = required.filter { (value($0) ?? "").isEmpty }
        guard missing.isEmpty else {
            let message = missing.map { "AWS query-string parameters must include '\($0)'. " }.joined()
            throw .incomplete(message + "Re-examine the query-string parameters.")
        }
        algorithm = value("X-Amz-Algorithm") ?? ""
        credential = value("X-Amz-Credential") ?? ""
        signedHeaders = Self.headerNames(value("X-Amz-SignedHeaders") ?? "")
        signature = value("X-Amz-Signature") ?? ""
        dateText = value("X-Amz-Date") ?? ""
        expiresText = value("X-Amz-Expires")
        sessionToken = value("X-Amz-Security-Token")
        isQuery = true
    }

    private static func headerNames(_ list: String) -> [String] {
        SigV4Signer.normalizedSignedHeaders(list.split(separator: ";").map { $0.trimmingASCIIWhitespace() })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
