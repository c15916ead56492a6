import CCurl

/// A libcurl share handle holding the DNS cache and TLS sessions of one transport's handles.
///
/// `@unchecked Sendable`: the pointer never changes, and libcurl takes the share's per-kind pthread mutexes
/// (installed by `ccurl_share_create`) around every use, so easy handles on different threads may use it at once.
final class CurlShare: @unchecked Sendable {
    private let share: OpaquePointer

    init() throws(TransportError) {
        guard let share = ccurl_share_create() else {
            throw TransportError(curlCall: "curl_share_init", result: CURLE_OUT_OF_MEMORY)
        }
        self.share = share
    }

    /// The `CURLSH *` for `CURLOPT_SHARE`.
    var handle: UnsafeMutableRawPointer { ccurl_share_handle(share) }

    deinit {
        // Every easy handle retains its share, so none uses it any more; were one to, leaking beats a crash.
        _ = ccurl_share_destroy(share)
    }
}
