import CCurl

/// A libcurl multi handle driving one easy handle at a time on its owner's thread. Kept across transfers, its
/// connection cache is what lets a worker reuse connections; unlike `curl_easy_perform`, its poll can be woken
/// from another thread, so cancellation takes effect at once rather than at the next progress callback.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init() throws(TransportError) {
        guard let handle = curl_multi_init() else {
            throw TransportError(curlCall: "curl_multi_init", result: CURLE_OUT_OF_MEMORY)
        }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// What another thread may use to interrupt `perform`.
    var waker: CurlMultiWaker { CurlMultiWaker(multi: self) }

    /// Runs `easy`'s transfer to its end and returns its result; when `isCancelled` turns true (checked after each
    /// wake-up), stops it and returns `CURLE_ABORTED_BY_CALLBACK`. Blocks the calling thread.
    func perform(_ easy: CurlEasy, isCancelled: () -> Bool) throws(TransportError) -> CURLcode {
        try check(curl_multi_add_handle(handle, easy.handle), "curl_multi_add_handle")
        // Removing a handle mid-transfer closes its connection, which is what cancelling must do.
        defer { curl_multi_remove_handle(handle, easy.handle) }
        var running: Int32 = 1
        while true {
            try check(curl_multi_perform(handle, &running), "curl_multi_perform")
            if running == 0 { break }
            if isCancelled() { return CURLE_ABORTED_BY_CALLBACK }
            // libcurl shortens the wait to its own next timeout; a wake-up ends it at once.
            try check(curl_multi_poll(handle, nil, 0, 1000, nil), "curl_multi_poll")
        }
        var result = CURLE_OK
        guard ccurl_multi_take_result(handle, easy.handle, &result) == 1 else {
            throw TransportError(code: .other, message: "libcurl reported no result for the transfer")
        }
        return result
    }

    private func check(_ result: CURLMcode, _ call: String) throws(TransportError) {
        guard result == CURLM_OK else {
            throw TransportError(code: .other, message: "\(call): \(String(cString: curl_multi_strerror(result)))")
        }
    }
}

/// The one operation on a `CurlMulti` allowed from any thread.
///
/// `@unchecked Sendable`: it exposes only `curl_multi_wakeup`, which libcurl documents as callable from any thread,
/// and it retains the multi handle, so the handle cannot be cleaned up under it.
struct CurlMultiWaker: @unchecked Sendable {
    let multi: CurlMulti

    /// Ends the multi handle's current or next poll.
    func wake() {
        _ = curl_multi_wakeup(multi.handle)
    }
}
