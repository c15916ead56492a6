import CCurl
import Glibc

extension TransportError {
    /// The error for a libcurl result: `detail` is the transfer's error buffer (may be empty), `socketError`
    /// libcurl's `CURLINFO_OS_ERRNO`, which tells a reset connection from other receive and send failures.
    init(curl result: CURLcode, detail: String, socketError: Int32) {
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        self.init(
            code: Self.classify(result, socketError: socketError), message: message, curlCode: Int(result.rawValue),
            systemError: socketError == 0 ? nil : socketError)
    }

    /// A failed libcurl call outside a transfer (setting an option, creating a handle).
    init(curlCall: String, result: CURLcode) {
        let code: Code = result == CURLE_OUT_OF_MEMORY ? .other : .invalidRequest
        self.init(
            code: code, message: "\(curlCall): \(String(cString: curl_easy_strerror(result)))",
            curlCode: Int(result.rawValue))
    }

    /// A `.fileIO` error for the current `errno`.
    static func fileIO(path: String, operation: String, systemError: Int32 = errno) -> TransportError {
        .fileIO(
            path: path, systemError: systemError, message: "\(operation): \(String(cString: strerror(systemError)))")
    }

    private static func classify(_ result: CURLcode, socketError: Int32) -> Code {
        let wasReset = socketError == ECONNRESET || socketError == EPIPE || socketError == ECONNABORTED
        switch result {
        case CURLE_COULDNT_CONNECT:
            return .connectFailed
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .resolveFailed
        case CURLE_PARTIAL_FILE:
            return .partialBody
        case CURLE_GOT_NOTHING, CURLE_HTTP2_STREAM, CURLE_HTTP2:
            return .connectionReset
        case CURLE_RECV_ERROR:
            return wasReset ? .connectionReset : .receiveFailed
        case CURLE_SEND_ERROR:
            return wasReset ? .connectionReset : .sendFailed
        case CURLE_SSL_CONNECT_ERROR:
            // A handshake cut short by the network is a reset, not a verdict on certificates.
            return wasReset ? .connectionReset : .tls
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest
        default:
            return .other
        }
    }
}
