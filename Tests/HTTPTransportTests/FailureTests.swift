import Glibc
import Testing

@testable import HTTPTransport

@Suite struct FailureTests {
    @Test func stalledServerTimesOut() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport(stallTimeout: .seconds(1))
        let start = ContinuousClock.now
        let error = await transportError {
            try await transport.execute(HTTPRequest(url: server.url("/stall?seconds=30")))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.isRetryable == true)
        #expect(ContinuousClock.now - start < .seconds(10))  // not the server's 30 s
    }

    @Test func totalTimeoutIsADeadline() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.execute(
                HTTPRequest(url: server.url("/slow?seconds=30")),
                options: RequestOptions(totalTimeout: .milliseconds(300)))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func connectionResetMidBodyIsRetryable() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError { try await transport.execute(HTTPRequest(url: server.url("/reset"))) }
        #expect(error?.code == .connectionReset)
        #expect(error?.isRetryable == true)
    }

    @Test func truncatedBodyIsPartial() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError { try await transport.execute(HTTPRequest(url: server.url("/truncate"))) }
        #expect(error?.code == .partialBody)
        #expect(error?.isRetryable == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test func refusedConnectionIsRetryable() async throws {
        // A bound socket that does not listen: connections to its port are refused, and no other test gets it.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.isRetryable == true)
    }

    @Test func cancellationAbortsASlowRequest() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let start = ContinuousClock.now
        let task = Task { () async throws -> HTTPResponse in
            try await transport.execute(HTTPRequest(url: server.url("/slow?seconds=30")))
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let error = await transportError { try await task.value }
        #expect(error?.code == .cancelled)
        #expect(error?.isRetryable == false)
        #expect(ContinuousClock.now - start < .seconds(10))  // not the server's 30 s
    }

    @Test func cancellingAQueuedRequestLeavesTheQueueAtOnce() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport(workerCount: 1)
        let busy = Task { () async throws -> HTTPResponse in
            try await transport.execute(HTTPRequest(url: server.url("/slow?seconds=30")))
        }
        try await Task.sleep(for: .milliseconds(100))
        let queued = Task { () async throws -> HTTPResponse in
            try await transport.execute(HTTPRequest(url: server.url("/bytes?n=1")))
        }
        try await Task.sleep(for: .milliseconds(100))
        queued.cancel()
        #expect(await transportError { try await queued.value }?.code == .cancelled)
        busy.cancel()
        #expect(await transportError { try await busy.value }?.code == .cancelled)
        // The worker is free again.
        #expect(try await transport.execute(HTTPRequest(url: server.url("/bytes?n=1"))).status == 200)
    }

    @Test func fullQueueAndShutdownFailFast() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport(workerCount: 1, queueCapacity: 1)
        let busy = Task { () async throws -> HTTPResponse in
            try await transport.execute(HTTPRequest(url: server.url("/slow?seconds=30")))
        }
        try await Task.sleep(for: .milliseconds(100))
        let queued = Task { () async throws -> HTTPResponse in
            try await transport.execute(HTTPRequest(url: server.url("/bytes?n=1")))
        }
        try await Task.sleep(for: .milliseconds(100))
        let overflow = await transportError { try await transport.execute(HTTPRequest(url: server.url("/"))) }
        #expect(overflow?.code == .queueFull)
        #expect(overflow?.limit == 1)
        transport.shutdown()
        #expect(await transportError { try await queued.value }?.code == .shutDown)
        busy.cancel()
        _ = await transportError { try await busy.value }
        let late = await transportError { try await transport.execute(HTTPRequest(url: server.url("/"))) }
        #expect(late?.code == .shutDown)
    }

    @Test func missingBodyFileIsAFileError() async throws {
        let server = try await TestServer.start()
        let transport = try makeTransport()
        let error = await transportError {
            try await transport.execute(
                HTTPRequest(
                    method: "PUT", url: server.url("/echo"), body: .file(path: "/nonexistent", offset: 0, length: 1)))
        }
        #expect(error?.code == .fileIO)
        #expect(error?.path == "/nonexistent")
        #expect(error?.isRetryable == false)
    }
}
