import Testing

@testable import HTTPTransport

@Suite struct ParsingTests {
    private func feed(
        _ lines: [String], followsRedirects: Bool = false
    ) -> (ResponseHeadParser, [ResponseHeadParser.Event]) {
        var parser = ResponseHeadParser(followsRedirects: followsRedirects)
        let events = lines.map { parser.consume(Array(($0 + "\r\n").utf8)) }
        return (parser, events)
    }

    @Test func keepsOnlyTheFinalResponseHead() {
        let (parser, events) = feed([
            "HTTP/1.1 100 Continue", "", "HTTP/1.1 200 OK", "ETag:  \"abc\" ", "X-Folded: one", "  two", "",
            "Trailer-Field: ignored",
        ])
        #expect(events == [.responseStarted, .other, .responseStarted, .other, .other, .other, .headCompleted, .other])
        #expect(parser.head.status == 200)
        #expect(parser.head.headers.map(\.name) == ["ETag", "X-Folded"])
        #expect(parser.head.headers.map(\.value) == ["\"abc\"", "one two"])
    }

    @Test func aFollowedRedirectIsNotFinal() {
        let redirect = ["HTTP/1.1 302 Found", "Location: /elsewhere", ""]
        #expect(feed(redirect, followsRedirects: true).1.last == .other)
        #expect(feed(redirect, followsRedirects: false).1.last == .headCompleted)
        let (parser, _) = feed(redirect + ["HTTP/2 200", "content-length: 3", ""], followsRedirects: true)
        #expect(parser.head.status == 200)
        #expect(parser.contentLength == 3)
    }

    @Test func splitsLinesAcrossChunks() throws {
        var splitter = LineSplitter(maxLength: 10)
        #expect(try splitter.split(Array("ab\r\ncd".utf8)) == [Array("ab".utf8)])
        #expect(try splitter.split(Array("e\n\nf".utf8)) == [Array("cde".utf8), []])
        #expect(splitter.finish() == Array("f".utf8))
        #expect(splitter.finish() == nil)
        #expect(try splitter.split(Array("0123456789\r\n".utf8)) == [Array("0123456789".utf8)])
        #expect(throws: TransportError.self) { try splitter.split(Array("0123456789ab".utf8)) }
    }

    @Test func requestHostForLogs() {
        #expect(
            HTTPRequest(url: "https://user:pw@bucket.s3.amazonaws.com:443/key?X-Amz-Signature=s").host
                == "bucket.s3.amazonaws.com")
        #expect(HTTPRequest(url: "http://[::1]:8080/").host == "[::1]")
        #expect(HTTPRequest(url: "http://kubernetes.default.svc").host == "kubernetes.default.svc")
    }

    @Test func errorsDescribeThemselves() {
        let error = TransportError(code: .responseTooLarge, message: "too big", curlCode: 23, limit: 10)
        #expect(error.description == "response too large: too big (limit 10) [curl 23]")
        #expect(TransportError(code: .tls).isRetryable == false)
        #expect(TransportError(code: .connectionReset).isRetryable)
    }
}
