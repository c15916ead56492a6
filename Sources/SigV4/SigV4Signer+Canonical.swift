extension SigV4Signer {
    /// The canonical URI of a path as sent: normalised and encoded once more (most services), or decoded and
    /// encoded exactly once without normalisation (S3); `/` stays literal, an empty path is `/`.
    public static func canonicalURI(path: String, rules: SigningRules) -> String {
        var path = path.isEmpty ? "/" : path
        if rules.normalizesPath {
            path = URIEncoding.removeDotSegments(path)
        }
        if rules.doubleEncodesPath {
            return URIEncoding.encode(path, keepingSlash: true)
        }
        return URIEncoding.encode(URIEncoding.decode(path.utf8), keepingSlash: true)
    }

    /// The canonical query string of a raw (percent-encoded) query: each name and value decoded, encoded
    /// strictly, `name=value` (an absent value is empty), sorted by encoded name then value, joined by `&`.
    ///
    /// `+` is a literal plus, not a space.
    public static func canonicalQueryString(_ query: String) -> String {
        canonicalQueryString(decoded: queryItems(query))
    }

    /// The canonical query string of decoded name/value pairs.
    public static func canonicalQueryString(items: [(name: String, value: String)]) -> String {
        canonicalQueryString(decoded: items.map { (Array($0.name.utf8), Array($0.value.utf8)) })
    }

    /// The canonical headers block: one `name:value` line per signed header (sorted, lower-case), values
    /// trimmed with whitespace runs collapsed, repeated headers joined by `,` in order; each line ends in `\n`.
    public static func canonicalHeaders(_ headers: [(String, String)], signedHeaders: [String]) -> String {
        var block = ""
        for name in normalizedSignedHeaders(signedHeaders) {
            var values = headers.filter { $0.0.lowercased() == name }.map { trimmedHeaderValue($0.1) }
            if values.isEmpty && name == "host" {
                // HTTP/2 and swift-http-types carry Host as the `:authority` pseudo-header.
                values = headers.filter { $0.0 == ":authority" }.map { trimmedHeaderValue($0.1) }
            }
            block += "\(name):\(values.joined(separator: ","))\n"
        }
        return block
    }

    /// The signed-headers line: lower-case names, de-duplicated, sorted, joined by `;`.
    public static func signedHeadersLine(_ signedHeaders: [String]) -> String {
        normalizedSignedHeaders(signedHeaders).joined(separator: ";")
    }

    // MARK: - Internal

    static func canonicalRequest(
        method: String,
        canonicalURI: String,
        canonicalQuery: String,
        headers: [(String, String)],
        signedHeaders: [String],
        payloadHash: String
    ) -> String {
        [
            method, canonicalURI, canonicalQuery,
            canonicalHeaders(headers, signedHeaders: signedHeaders),
            signedHeadersLine(signedHeaders), payloadHash,
        ].joined(separator: "\n")
    }

    /// The decoded (name, value) byte pairs of a raw query string, in order; empty pieces are skipped.
    static func queryItems(_ query: String) -> [(name: [UInt8], value: [UInt8])] {
        query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { piece in
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                return (URIEncoding.decode(piece[..<equals]), URIEncoding.decode(piece[piece.index(after: equals)...]))
            }
            return (URIEncoding.decode(piece), [])
        }
    }

    static func canonicalQueryString(decoded items: [(name: [UInt8], value: [UInt8])]) -> String {
        items
            .map { (name: URIEncoding.encode($0.name), value: URIEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name != rhs.name
                    ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                    : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    static func normalizedSignedHeaders(_ names: [String]) -> [String] {
        Set(names.map { $0.lowercased() }.filter { !$0.isEmpty }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Trims a header value and collapses each run of whitespace (including folded line breaks) to one space.
    static func trimmedHeaderValue(_ value: String) -> String {
        value.utf8
            .split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C })
            .map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: " ")
    }
}
