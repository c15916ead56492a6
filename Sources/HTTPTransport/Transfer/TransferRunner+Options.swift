import CCurl

extension TransferRunner {
    /// Resets the easy handle and sets every option of one transfer; nothing carries over from the previous one.
    func configure(
        _ request: HTTPRequest, options: RequestOptions, context: TransferContext, headerList: CurlHeaderList
    ) throws(TransportError) {
        let configuration = settings.configuration
        easy.reset()
        try easy.set(CURLOPT_URL, request.url)
        // Required with threads: no signals for timeouts (SIGPIPE is blocked on our threads instead).
        try easy.set(CURLOPT_NOSIGNAL, true)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.use(settings.share)
        try easy.setErrorBuffer(errorBuffer)
        try easy.set(CURLOPT_USERAGENT, configuration.userAgent)
        try easy.set(
            CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout ?? configuration.connectTimeout))
        if let total = options.totalTimeout { try easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(total)) }
        // Stall detection is the context's, in the progress callback: CURLOPT_LOW_SPEED_TIME averages the speed
        // over several seconds, so it fires seconds late after a burst.
        try easy.set(CURLOPT_TCP_KEEPALIVE, true)
        try easy.set(CURLOPT_TCP_KEEPIDLE, 30)
        try easy.set(CURLOPT_TCP_KEEPINTVL, 15)
        // A proxy's CONNECT response must not be taken for the server's.
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, true)
        // Large receive buffers for downloads to files (fewer, larger writes); small ones for everything else (a
        // watch or a followed log holds its buffer for as long as it stays open).
        try easy.set(CURLOPT_BUFFERSIZE, context.writesToFile ? 512 * 1024 : 64 * 1024)
        try easy.set(CURLOPT_UPLOAD_BUFFERSIZE, 256 * 1024)
        try easy.set(CURLOPT_FOLLOWLOCATION, options.followRedirects)
        if options.followRedirects { try easy.set(CURLOPT_MAXREDIRS, 5) }
        if let proxy = configuration.proxy { try easy.set(CURLOPT_PROXY, proxy) }
        if let noProxy = configuration.noProxy { try easy.set(CURLOPT_NOPROXY, noProxy) }
        try configureTLS(configuration.tls)
        try configureMethod(request, options: options, headerList: headerList)
        try configureCallbacks(context, sendsBody: Self.sendsBody(request))
    }

    private func configureTLS(_ tls: TLSConfiguration) throws(TransportError) {
        try easy.set(CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        try easy.set(CURLOPT_SSL_VERIFYPEER, tls.insecureSkipVerify ? 0 : 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, tls.insecureSkipVerify ? 0 : 2)
        if let path = tls.caBundlePath {
            try easy.set(CURLOPT_CAINFO, path)
            try easy.set(CURLOPT_CAPATH, nil)  // only the given CAs, not also /etc/ssl/certs
        } else if let pem = tls.caPEM {
            try easy.set(CURLOPT_CAINFO_BLOB, blob: pem)
            try easy.set(CURLOPT_CAPATH, nil)
        }
        if let path = tls.clientCertificatePath {
            try easy.set(CURLOPT_SSLCERT, path)
        } else if let pem = tls.clientCertificatePEM {
            try easy.set(CURLOPT_SSLCERT_BLOB, blob: pem)
        }
        if let path = tls.clientKeyPath {
            try easy.set(CURLOPT_SSLKEY, path)
        } else if let pem = tls.clientKeyPEM {
            try easy.set(CURLOPT_SSLKEY_BLOB, blob: pem)
        }
    }

    private func configureMethod(
        _ request: HTTPRequest, options: RequestOptions, headerList: CurlHeaderList
    ) throws(TransportError) {
        let method = request.method
        guard !method.isEmpty, method.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidRequest("invalid method \"\(method)\"")
        }
        let sendsBody = Self.sendsBody(request)
        if method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, true)
        } else if sendsBody {
            // An upload with a known size: Content-Length, never chunked, whatever the method.
            try easy.set(CURLOPT_UPLOAD, true)
            try easy.set(CURLOPT_INFILESIZE_LARGE, offset: request.body.length)
            if method != "PUT" { try easy.set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "GET" {
            try easy.set(CURLOPT_HTTPGET, true)
        } else {
            try easy.set(CURLOPT_CUSTOMREQUEST, method)
        }
        for field in request.headers {
            try headerList.append(name: field.name, value: field.value)
        }
        let hasExpect = HTTPHeaderName.firstValue(of: "Expect", in: request.headers) != nil
        if sendsBody && !hasExpect && request.body.length < options.expectContinueThreshold {
            try headerList.append(name: "Expect", value: "", removing: true)
        }
        try easy.setHeaderList(headerList)
    }

    private func configureCallbacks(_ context: TransferContext, sendsBody: Bool) throws(TransportError) {
        let pointer = context.unretainedPointer
        try easy.check(ccurl_easy_set_header_callback(easy.handle, TransferContext.headerCallback, pointer))
        try easy.check(ccurl_easy_set_write_callback(easy.handle, TransferContext.writeCallback, pointer))
        try easy.check(ccurl_easy_set_xferinfo_callback(easy.handle, TransferContext.progressCallback, pointer))
        if sendsBody {
            try easy.check(ccurl_easy_set_read_callback(easy.handle, TransferContext.readCallback, pointer))
            try easy.check(ccurl_easy_set_seek_callback(easy.handle, TransferContext.seekCallback, pointer))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
