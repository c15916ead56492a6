import Foundation
import Testing

@testable import HTTPTransport

@Suite struct StreamingTests {
    @Test func headArrivesBeforeTheBody() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let start = ContinuousClock.now
        // The server holds the body back until released (or for 20 s).
        let stream = try await transport.stream(HTTPRequest(url: server.url("/hold?seconds=20")))
        #expect(ContinuousClock.now - start < .seconds(15))
        _ = try await transport.execute(HTTPRequest(url: server.url("/release")))
        #expect(stream.status == 200)
        #expect(stream.value(forHeader: "content-length") == "12")
        var lines: [String] = []
        for try await line in stream.lines { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["hello", "world"])
    }

    @Test func slowConsumerHoldsTheServerBackAndDroppingClosesTheConnection() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let total = 400_000 * 100
        do {
            let stream = try await transport.stream(HTTPRequest(url: server.url("/lines?n=400000")))
            var iterator = stream.lines.makeAsyncIterator()
            for index in 0..<5 {
                let line = try #require(try await iterator.next())
                #expect(line.count == 99)
                #expect(String(decoding: line.prefix(13), as: UTF8.self) == String(format: "line %08d", index))
                try await Task.sleep(for: .milliseconds(40))
            }
            let state = try await linesState(server, transport)
            // Only what fits in socket buffers and our small buffer has left the server.
            #expect((state["written"] as? Int ?? total) < total / 2)
            #expect(state["done"] as? Bool == false)
        }
        // Every copy of the stream is gone: the transfer is aborted and the server's writes fail.
        let deadline = ContinuousClock.now + .seconds(10)
        var aborted = false
        while !aborted && ContinuousClock.now < deadline {
            aborted = try await linesState(server, transport)["aborted"] as? Bool == true
            if !aborted { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(aborted)
    }

    @Test func readsAWholeStreamInOrder() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let stream = try await transport.stream(HTTPRequest(url: server.url("/lines?n=20000")))
        var count = 0
        for try await line in stream.lines {
            #expect(String(decoding: line.prefix(13), as: UTF8.self) == String(format: "line %08d", count))
            count += 1
        }
        #expect(count == 20000)
    }

    @Test func lineLongerThanTheLimitFails() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let stream = try await transport.stream(HTTPRequest(url: server.url("/longline?n=100000")))
        let error = await transportError {
            for try await _ in stream.lines(maxLength: 1000) {}
        }
        #expect(error?.code == .lineTooLong)
        #expect(error?.limit == 1000)
    }

    @Test func cancellingTheConsumerAbortsTheStream() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let stream = try await transport.stream(HTTPRequest(url: server.url("/stall?seconds=30")))
        let task = Task { () async throws -> Int in
            var total = 0
            for try await chunk in stream.body { total += chunk.count }
            return total
        }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        #expect(await transportError { try await task.value }?.code == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(10))  // not the server's 30 s
    }

    @Test func failureBeforeTheHeadIsThrown() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.stream(
                HTTPRequest(url: server.url("/slow?seconds=30")),
                options: RequestOptions(totalTimeout: .milliseconds(200)))
        }
        #expect(error?.code == .timedOut)
    }

    private func linesState(_ server: TestServer, _ transport: CurlTransport) async throws -> [String: Any] {
        let response = try await transport.execute(HTTPRequest(url: server.url("/lines-state")))
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }
}
