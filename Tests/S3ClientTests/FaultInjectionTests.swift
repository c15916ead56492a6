import Foundation
import S3Client
import Testing

/// The client's retries and integrity checks, shown with faults injected by `FaultProxy` between it and a real
/// SeaweedFS: errors, resets, truncated and corrupted bodies, stalls.
@Suite struct FaultInjectionTests {
    private let server = SeaweedServer.shared

    /// A proxy in front of SeaweedFS and a client whose endpoint is the proxy.
    private func proxiedClient(
        maximumAttempts: Int = 4, baseDelay: Duration = .milliseconds(10), maximumDelay: Duration = .seconds(1),
        stallTimeout: Duration = .seconds(60)
    ) throws -> (FaultProxy, S3Client) {
        let proxy = try FaultProxy(upstream: server.endpoint)
        var configuration = server.configuration(
            retry: RetryPolicy(maximumAttempts: maximumAttempts, baseDelay: baseDelay, maximumDelay: maximumDelay))
        configuration.endpoint = proxy.endpoint
        configuration.stallTimeout = stallTimeout
        return (proxy, try server.client(configuration))
    }

    /// A fresh, empty directory.
    private func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "s3-faults-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A file of `size` random bytes (from the kernel: generating them here would hold a cooperative thread for
    /// long enough to skew the timing of the other tests).
    private func makeFile(size: Int) throws -> String {
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? random.close() }
        let bytes = try random.read(upToCount: size) ?? Data()
        try #require(bytes.count == size)
        let path = try makeDirectory() + "/source.bin"
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An object of `size` bytes uploaded straight to SeaweedFS (no proxy); returns it and its source file.
    private func makeObject(size: Int, bucket: String, key: String = "object.bin") async throws -> (S3URI, String) {
        let source = try makeFile(size: size)
        let object = S3URI(bucket: bucket, key: key)
        let direct = try server.client()
        defer { direct.shutdown() }
        try await direct.upload(file: source, to: object)
        return (object, source)
    }

    private func contents(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private func sameBytes(_ first: String, _ second: String) -> Bool {
        guard let one = FileManager.default.contents(atPath: first) else { return false }
        return one == FileManager.default.contents(atPath: second)
    }

    @Test func internalErrorAndSlowDownAreRetriedUntilTheyPass() async throws {
        let (proxy, client) = try proxiedClient()
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 100_000)
        let object = S3URI(bucket: bucket, key: "retried.bin")
        let path = "^/\(bucket)/retried\\.bin$"
        proxy.inject(.internalError, method: "PUT", target: path)
        proxy.inject(.slowDown, method: "PUT", target: path)
        try await client.upload(file: source, to: object)
        #expect(proxy.requests(method: "PUT", target: path).map(\.fault) == [.internalError, .slowDown, nil])

        proxy.inject(.slowDown, method: "GET", target: path)
        proxy.inject(.internalError, method: "GET", target: path)
        let target = try makeDirectory() + "/retried.bin"
        let metadata = try await client.download(object, to: target)
        #expect(proxy.requests(method: "GET", target: path).map(\.fault) == [.slowDown, .internalError, nil])
        #expect(metadata.size == 100_000)
        #expect(sameBytes(source, target))
    }

    @Test func slowDownOnEveryAttemptEndsWithS3sCodeMessageStatusAndRequestID() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 1000)
        proxy.inject(.slowDown, times: 10, method: "PUT", target: "throttled")
        do {
            try await client.upload(file: source, to: S3URI(bucket: bucket, key: "throttled.bin"))
            Issue.record("the upload succeeded through SlowDown on every attempt")
        } catch {
            let attempts = proxy.requests(method: "PUT", target: "throttled")
            #expect(attempts.count == 3)
            guard case .service(let failure) = error else {
                Issue.record("expected S3's error, got \(error)")
                return
            }
            #expect(failure.status == 503)
            #expect(failure.code == "SlowDown")
            #expect(failure.message == "Please reduce your request rate.")
            #expect(failure.requestID != nil && failure.requestID == attempts.last?.requestID)
            #expect(failure.resource == "/\(bucket)/throttled.bin")
        }
    }

    @Test func resetConnectionsAreRetried() async throws {
        let (proxy, client) = try proxiedClient()
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 50_000)
        let object = S3URI(bucket: bucket, key: "reset.bin")
        proxy.inject(.reset, times: 2, method: "PUT", target: "reset")
        try await client.upload(file: source, to: object)
        #expect(proxy.requests(method: "PUT", target: "reset").map(\.fault) == [.reset, .reset, nil])

        proxy.inject(.reset, times: 2, method: "GET", target: "reset")
        let target = try makeDirectory() + "/reset.bin"
        try await client.download(object, to: target)
        #expect(proxy.requests(method: "GET", target: "reset").map(\.fault) == [.reset, .reset, nil])
        #expect(sameBytes(source, target))
    }

    @Test func aTruncatedGetIsRetriedAndNeverLeavesAPartialFile() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let (object, source) = try await makeObject(size: 300_000, bucket: bucket)
        proxy.inject(.truncateBody(after: 70_000), method: "GET", target: "object")
        let directory = try makeDirectory()
        try await client.download(object, to: directory + "/object.bin")
        #expect(proxy.requests(method: "GET", target: "object").map(\.fault) == [.truncateBody(after: 70_000), nil])
        #expect(sameBytes(source, directory + "/object.bin"))
        #expect(try contents(of: directory) == ["object.bin"])

        proxy.inject(.truncateBody(after: 70_000), times: 10, method: "GET", target: "object")
        let failing = try makeDirectory()
        do {
            try await client.download(object, to: failing + "/object.bin")
            Issue.record("a download truncated on every attempt succeeded")
        } catch {
            #expect(error.isRetryable)
            #expect("\(error)".contains("partial body"))
        }
        #expect(proxy.count(method: "GET", target: "object") == 2 + 3)
        #expect(try contents(of: failing).isEmpty)
    }

    @Test func aTruncatedRangedPartIsRetriedAndNeverLeavesAPartialFile() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let size = 11 * 1024 * 1024 + 7
        let (object, source) = try await makeObject(size: size, bucket: bucket)
        let secondPart = "bytes=\(5 * 1024 * 1024)-"
        proxy.inject(.truncateBody(after: 100_000), method: "GET", header: "Range", containing: secondPart)
        let directory = try makeDirectory()
        try await client.download(object, to: directory + "/object.bin")
        let parts = proxy.requests(method: "GET", target: "object").filter {
            $0.head.value(of: "Range")?.hasPrefix(secondPart) ?? false
        }
        #expect(parts.map(\.fault) == [.truncateBody(after: 100_000), nil])
        #expect(proxy.count(method: "GET", target: "object") == 3 + 1)
        #expect(sameBytes(source, directory + "/object.bin"))
        #expect(try contents(of: directory) == ["object.bin"])

        proxy.inject(.truncateBody(after: 100_000), times: 10, method: "GET", header: "Range", containing: secondPart)
        let failing = try makeDirectory()
        do {
            try await client.download(object, to: failing + "/object.bin")
            Issue.record("a download whose part was truncated on every attempt succeeded")
        } catch {
            #expect("\(error)".contains("partial body"))
        }
        #expect(try contents(of: failing).isEmpty)
    }

    @Test func aCorruptedByteIsCaughtByTheETagsMD5AndRetried() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let (object, source) = try await makeObject(size: 200_000, bucket: bucket)
        proxy.inject(.corruptBody(at: 123_456), method: "GET", target: "object")
        let directory = try makeDirectory()
        try await client.download(object, to: directory + "/object.bin")
        #expect(proxy.requests(method: "GET", target: "object").map(\.fault) == [.corruptBody(at: 123_456), nil])
        #expect(sameBytes(source, directory + "/object.bin"))

        proxy.inject(.corruptBody(at: 5), times: 10, method: "GET", target: "object")
        let failing = try makeDirectory()
        do {
            try await client.download(object, to: failing + "/object.bin")
            Issue.record("a download corrupted on every attempt succeeded")
        } catch {
            guard case .integrity(let message) = error else {
                Issue.record("expected an integrity failure, got \(error)")
                return
            }
            #expect(message.contains("MD5"))
        }
        #expect(proxy.count(method: "GET", target: "object") == 2 + 3)
        #expect(try contents(of: failing).isEmpty)
    }

    @Test func aCorruptedRangeOfALargeSinglePartObjectIsCaughtByItsMD5() async throws {
        // 12 MiB uploaded in one PutObject (a plain-MD5 ETag), downloaded in 5 MiB ranges in parallel.
        let (proxy, client) = try proxiedClient(maximumAttempts: 2)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 12 * 1024 * 1024)
        let object = S3URI(bucket: bucket, key: "single.bin")
        let direct = try server.client(server.configuration(threshold: 64 * 1024 * 1024))
        defer { direct.shutdown() }
        try await direct.upload(file: source, to: object)
        proxy.inject(.corruptBody(at: 77), times: 10, method: "GET", target: "single")
        let directory = try makeDirectory()
        do {
            try await client.download(object, to: directory + "/single.bin")
            Issue.record("a download with a corrupted range succeeded")
        } catch {
            guard case .integrity(let message) = error else {
                Issue.record("expected an integrity failure, got \(error)")
                return
            }
            #expect(message.contains("MD5"))
        }
        #expect(try contents(of: directory).isEmpty)
    }

    @Test func aStalledConnectionTimesOutAndIsRetried() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 2, stallTimeout: .seconds(1))
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let (object, source) = try await makeObject(size: 10_000, bucket: bucket)
        proxy.inject(.stall, method: "GET", target: "object")
        let directory = try makeDirectory()
        let start = ContinuousClock.now
        try await client.download(object, to: directory + "/object.bin")
        let elapsed = ContinuousClock.now - start
        #expect(proxy.requests(method: "GET", target: "object").map(\.fault) == [.stall, nil])
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(10))
        #expect(sameBytes(source, directory + "/object.bin"))

        proxy.inject(.stall, times: 2, method: "GET", target: "object")
        do {
            try await client.download(object, to: directory + "/again.bin")
            Issue.record("a download stalled on every attempt succeeded")
        } catch {
            #expect("\(error)".contains("timed out"))
        }
        #expect(try contents(of: directory) == ["object.bin"])
    }

    @Test func aMultipartUploadWhosePartFailsForGoodIsAborted() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 11 * 1024 * 1024)
        let object = S3URI(bucket: bucket, key: "parts.bin")
        proxy.inject(.internalError, times: 100, method: "PUT", target: "[?&]partNumber=2(&|$)")
        do {
            try await client.upload(file: source, to: object)
            Issue.record("an upload whose part 2 always fails succeeded")
        } catch {
            guard case .multipart(let failure) = error else {
                Issue.record("expected a multipart failure, got \(error)")
                return
            }
            #expect(failure.reason.hasPrefix("part 2: InternalError (HTTP 500)"))
            #expect(!failure.reason.contains("aborting the upload also failed"))
        }
        #expect(proxy.count(method: "PUT", target: "[?&]partNumber=2(&|$)") == 3)
        #expect(proxy.count(method: "DELETE", target: "[?&]uploadId=") == 1)
        #expect(proxy.count(method: "POST", target: "[?&]uploadId=") == 0)  // never completed
        let direct = try server.client()
        defer { direct.shutdown() }
        await #expect(throws: S3Error.self) { try await direct.headObject(object) }
    }

    @Test func anUploadDamagedOnTheWayIsRefusedAndSentAgain() async throws {
        let (proxy, client) = try proxiedClient(maximumAttempts: 3)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let direct = try server.client()
        defer { direct.shutdown() }
        // A single PutObject (x-amz-checksum-sha256) and a part of a multipart upload (Content-MD5).
        for (size, target) in [(100_000, "^/[^?]*/single\\.bin$"), (11 * 1024 * 1024, "[?&]partNumber=2(&|$)")] {
            let source = try makeFile(size: size)
            let object = S3URI(bucket: bucket, key: size < 1_000_000 ? "single.bin" : "parts.bin")
            proxy.inject(.corruptRequestBody(at: 777), method: "PUT", target: target)
            try await client.upload(file: source, to: object)
            #expect(proxy.requests(method: "PUT", target: target).map(\.fault) == [.corruptRequestBody(at: 777), nil])
            let copy = try makeDirectory() + "/copy.bin"
            try await direct.download(object, to: copy)
            #expect(sameBytes(source, copy), "\(object) was stored damaged")
        }
    }

    @Test func forbiddenAndNotFoundAreNotRetried() async throws {
        let (proxy, client) = try proxiedClient()
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let (object, _) = try await makeObject(size: 1000, bucket: bucket)
        proxy.inject(
            .error(status: 403, code: "AccessDenied", message: "Access Denied"), times: 5, method: "GET",
            target: "object")
        let directory = try makeDirectory()
        do {
            try await client.download(object, to: directory + "/object.bin")
            Issue.record("a download refused with 403 succeeded")
        } catch {
            #expect(error.code == "AccessDenied")
            #expect(!error.isRetryable)
        }
        #expect(proxy.count(method: "GET", target: "object") == 1)
        #expect(try contents(of: directory).isEmpty)

        // A real 404 from SeaweedFS, then an injected NoSuchKey.
        do {
            _ = try await client.headObject(S3URI(bucket: bucket, key: "missing"))
            Issue.record("HEAD of a missing key succeeded")
        } catch {
            #expect(error.code == "NotFound")
        }
        #expect(proxy.count(method: "HEAD", target: "missing") == 1)
        proxy.inject(
            .error(status: 404, code: "NoSuchKey", message: "The specified key does not exist."), times: 5,
            method: "GET", target: "list-type=2")
        do {
            _ = try await client.listAllObjects(under: S3URI(bucket: bucket, key: ""))
            Issue.record("a listing answered with 404 succeeded")
        } catch {
            #expect(error.code == "NoSuchKey")
        }
        #expect(proxy.count(method: "GET", target: "list-type=2") == 1)
    }

    @Test func backoffIsBoundedAndItsCapGrows() async throws {
        let policy = RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(40), maximumDelay: .milliseconds(200))
        // Full jitter: the wait before retry n is uniform below its cap, min(base * 2^(n-1), maximum).
        let caps: [Duration] = (1...4).map { attempt in
            guard case .retry(let cap) = policy.decision(afterAttempt: attempt, retryable: true, random: 1) else {
                return .zero
            }
            return cap
        }
        #expect(caps == [.milliseconds(40), .milliseconds(80), .milliseconds(160), .milliseconds(200)])
        let (proxy, client) = try proxiedClient(
            maximumAttempts: policy.maximumAttempts, baseDelay: policy.baseDelay, maximumDelay: policy.maximumDelay)
        defer {
            client.shutdown()
            proxy.stop()
        }
        let bucket = try await server.makeBucket()
        let source = try makeFile(size: 1000)
        proxy.inject(.slowDown, times: 4, method: "PUT", target: "backoff")
        let start = ContinuousClock.now
        try await client.upload(file: source, to: S3URI(bucket: bucket, key: "backoff.bin"))
        let elapsed = ContinuousClock.now - start
        let attempts = proxy.requests(method: "PUT", target: "backoff")
        try #require(attempts.count == 5)
        // From the proxy's answer to the next attempt's arrival: the backoff plus the client's own work, which a
        // loaded machine can stretch.
        let slack = Duration.seconds(3)  // a loaded 2-core CI machine delays retries; the caps are what is checked
        for (index, cap) in caps.enumerated() {
            let gap = attempts[index + 1].arrival - (attempts[index].finish ?? attempts[index].arrival)
            #expect(gap < cap + slack, "retry \(index + 1) came \(gap) after the previous answer; cap \(cap)")
        }
        #expect(elapsed < .milliseconds(480) + .seconds(4))
    }
}
