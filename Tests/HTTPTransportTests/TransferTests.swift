import Foundation
import Synchronization
import Testing

@testable import HTTPTransport

@Suite struct TransferTests {
    @Test func getsIntoMemoryWithCaseInsensitiveHeaders() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let response = try await transport.execute(HTTPRequest(url: server.url("/bytes?n=1000")))
        #expect(response.status == 200)
        #expect(response.body == (0..<1000).map(patternByte))
        #expect(response.bodyBytes == 1000)
        #expect(response.value(forHeader: "content-LENGTH") == "1000")
        #expect(response.values(forHeader: "x-connection-id").count == 1)
    }

    @Test func memoryLimitExceeded() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.execute(HTTPRequest(url: server.url("/bytes?n=100000")), sink: .memory(limit: 1000))
        }
        #expect(error?.code == .responseTooLarge)
        #expect(error?.limit == 1000)
        #expect(error?.isRetryable == false)
    }

    @Test func errorBodyStaysOutOfTheFile() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let path = try TemporaryDirectory().path + "/object"
        let response = try await transport.execute(
            HTTPRequest(url: server.url("/status?code=404&body=NoSuchKey")), sink: .file(path: path, offset: 0))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == "NoSuchKey")
        #expect(!FileManager.default.fileExists(atPath: path))

        let empty = try await transport.execute(
            HTTPRequest(url: server.url("/bytes?n=0")), sink: .file(path: path, offset: 0))
        #expect(empty.status == 200)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func parallelRangedDownloadsFillOneFile() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let size = 3 * 1024 * 1024 + 7
        let half = size / 2
        let path = try TemporaryDirectory().path + "/object"
        func part(_ first: Int, _ last: Int) async throws(TransportError) -> HTTPResponse {
            try await transport.execute(
                HTTPRequest(url: server.url("/bytes?n=\(size)"), headers: [("Range", "bytes=\(first)-\(last)")]),
                sink: .file(path: path, offset: Int64(first)))
        }
        async let second = part(half, size - 1)
        async let first = part(0, half - 1)
        let responses = try await [first, second]
        #expect(responses.map(\.status) == [206, 206])
        #expect(responses.map(\.bodyBytes) == [Int64(half), Int64(size - half)])
        let contents = try #require(FileManager.default.contents(atPath: path))
        #expect(contents.count == size)
        #expect(contents.elementsEqual((0..<size).lazy.map(patternByte)))
    }

    @Test func putsAFileRangeExactly() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let path = try TemporaryDirectory().path + "/upload"
        let contents = (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        let offset = 12_345
        let length = 2 * 1024 * 1024 + 1
        let progress = Mutex<Int64>(0)
        let response = try await transport.execute(
            HTTPRequest(
                method: "PUT", url: server.url("/echo"),
                body: .file(path: path, offset: Int64(offset), length: Int64(length))),
            options: RequestOptions(progress: { sent in progress.withLock { $0 = max($0, sent) } }))
        #expect(response.status == 200)
        #expect(response.body == Array(contents[offset..<(offset + length)]))
        #expect(progress.withLock { $0 } == Int64(length))
        // The 100 Continue before it contributed no header fields.
        #expect(response.values(forHeader: "X-Connection-Id").count == 1)
    }

    @Test func sendsMethodHeadersAndBytes() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let response = try await transport.execute(
            HTTPRequest(
                method: "POST", url: server.url("/headers"),
                headers: [("X-Custom", "value 1"), ("X-Empty", "")], body: .bytes(Array("hello".utf8))))
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("X-Custom: value 1\n"))
        #expect(text.contains("X-Empty: \n"))
        #expect(text.contains("Content-Length: 5\n"))
        #expect(text.contains("User-Agent: sagetrain-tests\n"))
        #expect(!text.contains("Expect"))

        let echo = try await transport.execute(HTTPRequest(method: "PATCH", url: server.url("/echo")))
        #expect(echo.value(forHeader: "X-Method") == "PATCH")
        #expect(echo.body.isEmpty)
        let head = try await transport.execute(HTTPRequest(method: "HEAD", url: server.url("/bytes?n=50")))
        #expect(head.status == 200)
        #expect(head.value(forHeader: "Content-Length") == "50")
        #expect(head.bodyBytes == 0)
    }

    @Test func rejectsHeaderInjection() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.execute(
                HTTPRequest(url: server.url("/echo"), headers: [("X-Evil", "a\r\nHost: elsewhere")]))
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport(workerCount: 1)
        var connectionIDs: Set<String> = []
        for _ in 0..<4 {
            let response = try await transport.execute(HTTPRequest(url: server.url("/bytes?n=10000")))
            connectionIDs.insert(response.value(forHeader: "X-Connection-Id") ?? "")
        }
        let count = try await transport.execute(HTTPRequest(url: server.url("/connections")))
        #expect(connectionIDs.count == 1)
        #expect(String(decoding: count.body, as: UTF8.self) == "1")
    }

    @Test func redirectsFollowedOnlyWhenAsked() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let unfollowed = try await transport.execute(HTTPRequest(url: server.url("/redirect")))
        #expect(unfollowed.status == 302)
        #expect(unfollowed.value(forHeader: "Location") == "/bytes?n=10")
        let followed = try await transport.execute(
            HTTPRequest(url: server.url("/redirect")), options: RequestOptions(followRedirects: true))
        #expect(followed.status == 200)
        #expect(followed.body == (0..<10).map(patternByte))
        #expect(followed.value(forHeader: "Location") == nil)
    }
}
