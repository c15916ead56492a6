import Foundation
import HTTPTransport
import S3Client
import S3XML
import Synchronization
import Testing

/// The client against a real S3 server that checks signatures.
@Suite struct SeaweedIntegrationTests {
    private let server = SeaweedServer.shared

    private func temporaryFile(size: Int, seed: UInt8 = 7) throws -> String {
        let path = NSTemporaryDirectory() + "s3-" + UUID().uuidString
        var bytes = [UInt8](repeating: 0, count: size)
        var state = UInt32(seed) &* 2_654_435_761
        for index in bytes.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func awkwardKeysRoundTripAndListDecoded() async throws {
        let client = try server.client()
        let bucket = try await server.makeBucket()
        let keys = [
            "dir one/file with spaces.txt", "dir one/ünïcödé €.txt", "dir two/a+b=c&d.txt", "lt<gt>&amp\"quote'.txt",
            "tab\there.txt", "zz/deep/nested/key.txt",
        ]
        let source = try temporaryFile(size: 1000)
        for key in keys { try await client.upload(file: source, to: S3URI(bucket: bucket, key: key)) }
        let listed = try await client.listAllObjects(under: S3URI(bucket: bucket, key: ""))
        #expect(listed.map(\.key) == keys.sorted())
        let under = try await client.listAllObjects(under: S3URI(bucket: bucket, key: "dir one/"))
        #expect(under.map(\.key) == ["dir one/file with spaces.txt", "dir one/ünïcödé €.txt"])
        let target = NSTemporaryDirectory() + "s3-get-" + UUID().uuidString
        let metadata = try await client.download(S3URI(bucket: bucket, key: keys[1]), to: target)
        #expect(metadata.size == 1000)
        #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: source))
    }

    @Test func multipartUploadAndParallelRangedDownload() async throws {
        let client = try server.client()
        let bucket = try await server.makeBucket()
        let source = try temporaryFile(size: 12 * 1024 * 1024 + 123, seed: 3)
        let object = S3URI(bucket: bucket, key: "big/object.bin")
        let sent = ProgressBox()
        let eTag = try await client.upload(file: source, to: object, progress: { sent.set($0) })
        #expect(eTag.hasSuffix("-3\""))  // three parts of 5 MiB
        #expect(sent.value == 12 * 1024 * 1024 + 123)
        let head = try await client.headObject(object)
        #expect(head.size == 12 * 1024 * 1024 + 123)
        let target = NSTemporaryDirectory() + "s3-big-" + UUID().uuidString
        let received = ProgressBox()
        try await client.download(object, to: target, progress: { received.set($0) })
        #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: source))
        #expect(received.value == head.size)
    }

    @Test func pagesFollowContinuationTokensAndDeleteObjectsRemovesAll() async throws {
        let client = try server.client()
        let bucket = try await server.makeBucket()
        let source = try temporaryFile(size: 10)
        let keys = (0..<7).map { "p/key \($0)+x" }
        for key in keys { try await client.upload(file: source, to: S3URI(bucket: bucket, key: key)) }
        var pages = 0
        var seen: [String] = []
        for try await page in client.listObjects(S3URI(bucket: bucket, key: "p/"), pageSize: 3) {
            pages += 1
            seen += page.contents.map(\.key)
        }
        #expect(pages == 3)
        #expect(seen == keys.sorted())
        let failures = try await client.deleteObjects(bucket: bucket, keys: keys)
        #expect(failures.isEmpty)
        #expect(try await client.listAllObjects(under: S3URI(bucket: bucket, key: "")).isEmpty)
    }

    @Test func wrongCredentialsAreRefusedWithS3sCodeAndNotRetried() async throws {
        let bucket = try await server.makeBucket()
        let wrongSecret = try server.client(server.configuration(secret: "wrong"))
        await #expect {
            try await wrongSecret.headObject(S3URI(bucket: bucket, key: "x"))
        } throws: { error in
            // HEAD answers have no body: the status tells.
            (error as? S3Error)?.isRetryable == false
        }
        do {
            _ = try await wrongSecret.listAllObjects(under: S3URI(bucket: bucket, key: ""))
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.code == "SignatureDoesNotMatch")
        }
        let unknownKey = try server.client(server.configuration(accessKeyID: "nobody"))
        do {
            _ = try await unknownKey.listAllObjects(under: S3URI(bucket: bucket, key: ""))
            Issue.record("an unknown access key was accepted")
        } catch {
            #expect(error.code == "InvalidAccessKeyId")
        }
    }

    @Test func aMissingObjectLeavesNoFileBehind() async throws {
        let client = try server.client()
        let bucket = try await server.makeBucket()
        let target = NSTemporaryDirectory() + "s3-missing-" + UUID().uuidString
        do {
            try await client.download(S3URI(bucket: bucket, key: "nope"), to: target)
            Issue.record("downloading a missing object succeeded")
        } catch {
            #expect(error.code == "NotFound")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        let directory = (target as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.contains((target as NSString).lastPathComponent)
        }
        #expect(leftovers.isEmpty)
    }

    @Test func presignedURLsWorkAndTamperingIsRefused() async throws {
        let client = try server.client()
        let bucket = try await server.makeBucket()
        let source = try temporaryFile(size: 64)
        let object = S3URI(bucket: bucket, key: "shared file.bin")
        try await client.upload(file: source, to: object)
        let transport = try CurlTransport()
        let url = client.presignedURL(for: object, expires: 300)
        let good = try await transport.execute(HTTPRequest(method: "GET", url: url.absoluteString))
        #expect(good.status == 200)
        #expect(Data(good.body) == FileManager.default.contents(atPath: source))
        let tampered = url.absoluteString.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=301")
        let bad = try await transport.execute(HTTPRequest(method: "GET", url: tampered))
        #expect(bad.status == 403)
    }
}

final class ProgressBox: Sendable {
    private let state = Mutex<Int64>(0)
    func set(_ value: Int64) { state.withLock { $0 = max($0, value) } }
    var value: Int64 { state.withLock { $0 } }
}
