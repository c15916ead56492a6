import CCurl

/// One libcurl easy handle, cleaned up on release. Confined to one thread at a time (it is not `Sendable`).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// Retained while the handle may use it: libcurl requires the share to outlive its easy handles.
    private var share: CurlShare?

    init() throws(TransportError) {
        guard let handle = curl_easy_init() else {
            throw TransportError(curlCall: "curl_easy_init", result: CURLE_OUT_OF_MEMORY)
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Back to default options; live connections, the DNS cache and TLS sessions stay.
    func reset() {
        curl_easy_reset(handle)
    }

    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(TransportError) {
        try set(option, value ? 1 : 0)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(TransportError) {
        try check(ccurl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// A string option (libcurl copies it); nil restores libcurl's default, none for most options.
    func set(_ option: CURLoption, _ value: String?) throws(TransportError) {
        guard let value else {
            try check(ccurl_easy_setopt_string(handle, option, nil), option)
            return
        }
        guard !value.utf8.contains(0) else { throw .invalidRequest("option \(option.rawValue) contains NUL") }
        try check(ccurl_easy_setopt_string(handle, option, value), option)
    }

    /// A `*_BLOB` option; libcurl copies the bytes.
    func set(_ option: CURLoption, blob: [UInt8]) throws(TransportError) {
        let result = blob.withUnsafeBytes { ccurl_easy_setopt_blob(handle, option, $0.baseAddress, $0.count) }
        try check(result, option)
    }

    /// Uses `share` for the DNS cache and TLS sessions.
    func use(_ share: CurlShare) throws(TransportError) {
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_SHARE, share.handle), CURLOPT_SHARE)
        self.share = share
    }

    /// CURLOPT_ERRORBUFFER: `buffer` (CURL_ERROR_SIZE bytes) must outlive every transfer until the next reset.
    func setErrorBuffer(_ buffer: UnsafeMutablePointer<CChar>) throws(TransportError) {
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer), CURLOPT_ERRORBUFFER)
    }

    /// CURLOPT_HTTPHEADER: `list` must outlive the transfer.
    func setHeaderList(_ list: CurlHeaderList) throws(TransportError) {
        try check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list.pointer), CURLOPT_HTTPHEADER)
    }

    /// Turns the result of a direct `ccurl_` call into an error.
    func check(_ result: CURLcode, _ call: String = "callback setup") throws(TransportError) {
        guard result == CURLE_OK else { throw TransportError(curlCall: call, result: result) }
    }

    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    private func check(_ result: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard result == CURLE_OK else {
            throw TransportError(curlCall: "curl_easy_setopt(\(option.rawValue))", result: result)
        }
    }
}
