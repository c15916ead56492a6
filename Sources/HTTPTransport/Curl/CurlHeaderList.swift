import CCurl

/// A libcurl string list (`struct curl_slist`) of header lines, freed on release. libcurl does not copy it:
/// it must live until the transfer ends.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(pointer)
    }

    /// Appends `name: value`, or `name;` (libcurl's spelling of an empty value); `removing` appends `name:`,
    /// which stops libcurl sending its own field of that name.
    func append(name: String, value: String, removing: Bool = false) throws(TransportError) {
        guard Self.isToken(name) else { throw .invalidRequest("invalid header field name \"\(name)\"") }
        guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
            throw .invalidRequest("header field \(name) has a line break in its value")
        }
        let line = removing ? "\(name):" : value.isEmpty ? "\(name);" : "\(name): \(value)"
        guard let appended = curl_slist_append(pointer, line) else {
            throw TransportError(curlCall: "curl_slist_append", result: CURLE_OUT_OF_MEMORY)
        }
        pointer = appended
    }

    /// RFC 9110 token characters.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}
