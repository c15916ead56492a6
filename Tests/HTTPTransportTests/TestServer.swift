import Foundation
import Testing

@testable import HTTPTransport

/// A running instance of `TestServerScript` on 127.0.0.1 and a free port; stopped when released.
final class TestServer: @unchecked Sendable {
    let port: Int
    let scheme: String
    private let process: Process
    private let input: Pipe

    /// Starts a plain HTTP server, or an HTTPS one with `certificate` (and, if given, requiring client certificates
    /// issued by `clientCA`). The blocking start-up runs on a thread of its own, not the cooperative pool.
    static func start(certificate: TestCertificate? = nil, clientCA: TestCertificate? = nil) async throws -> TestServer
    {
        try await offThePool { try TestServer(certificate: certificate, clientCA: clientCA) }
    }

    private init(certificate: TestCertificate? = nil, clientCA: TestCertificate? = nil) throws {
        var arguments = [Self.scriptPath]
        if let certificate { arguments += ["--tls", certificate.certificatePath, certificate.keyPath] }
        if let clientCA { arguments += ["--client-ca", clientCA.certificatePath] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw TestServerError.noPort }
            line.append(data)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw TestServerError.noPort }
        self.port = port
        self.scheme = certificate == nil ? "http" : "https"
        self.process = process
        self.input = input
    }

    deinit {
        // Closing its stdin makes the server exit; terminate in case it is stuck.
        try? input.fileHandleForWriting.close()
        process.terminate()
    }

    /// The URL of `path` (with its query) on this server.
    func url(_ path: String) -> String {
        "\(scheme)://127.0.0.1:\(port)\(path)"
    }

    private static let scriptPath: String = {
        let path = NSTemporaryDirectory() + "sagetrain-http-test-server-\(getpid()).py"
        _ = FileManager.default.createFile(atPath: path, contents: Data(TestServerScript.source.utf8))
        return path
    }()
}

enum TestServerError: Error {
    case noPort
    case commandFailed(String)
}

/// A self-signed EC certificate and key for 127.0.0.1, made with `openssl` in a fresh directory.
struct TestCertificate: Sendable {
    let certificatePath: String
    let keyPath: String

    /// Makes a certificate, blocking on `openssl` on a thread of its own.
    static func make(commonName: String) async throws -> TestCertificate {
        try await offThePool { try TestCertificate(commonName: commonName) }
    }

    private init(commonName: String) throws {
        let directory = try TemporaryDirectory().path
        certificatePath = directory + "/cert.pem"
        keyPath = directory + "/key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=\(commonName)",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerError.commandFailed("openssl req") }
    }

    var certificatePEM: [UInt8] { Array(FileManager.default.contents(atPath: certificatePath) ?? Data()) }
    var keyPEM: [UInt8] { Array(FileManager.default.contents(atPath: keyPath) ?? Data()) }
}

/// A new empty directory under the system's temporary directory (left for the system to clean).
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "sagetrain-http-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}

/// Runs blocking `body` on a new thread, so that parallel tests never starve Swift's cooperative pool.
func offThePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// The byte the test server's `/bytes` endpoint sends at `offset`.
func patternByte(at offset: Int) -> UInt8 {
    UInt8(offset % 251)
}

/// A transport for tests: a few workers, no proxy whatever the environment says.
func makeTransport(
    workerCount: Int = 2, queueCapacity: Int = 64, stallTimeout: Duration = .seconds(10),
    tls: TLSConfiguration = .init()
) throws -> CurlTransport {
    try CurlTransport(
        configuration: TransportConfiguration(
            workerCount: workerCount, queueCapacity: queueCapacity, connectTimeout: .seconds(5),
            stallTimeout: stallTimeout, tls: tls, userAgent: "sagetrain-tests", noProxy: "*"))
}

/// The transport error `body` throws, or nil when it succeeds (any other error is recorded as an issue).
func transportError<Value>(_ body: () async throws -> Value) async -> TransportError? {
    do {
        _ = try await body()
        return nil
    } catch let error as TransportError {
        return error
    } catch {
        Issue.record("not a TransportError: \(error)")
        return nil
    }
}
