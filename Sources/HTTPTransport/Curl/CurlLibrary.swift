import CCurl

/// The process-wide libcurl state.
enum CurlLibrary {
    /// Initialises libcurl once per process (thread-safe); every call reports that initialisation's result.
    static func initialize() throws(TransportError) {
        let result = ccurl_global_init()
        guard result == CURLE_OK else { throw TransportError(curlCall: "curl_global_init", result: result) }
    }
}
