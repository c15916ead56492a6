import Foundation
import Testing

@testable import Trainer

/// The MNIST download against a local HTTP server (these machines have no internet): Debian's Fashion-MNIST served
/// under MNIST's names.
@Suite("MNIST download", .serialized)
struct MNISTDownloadTests {
    /// A `python3 -m http.server` over Debian's Fashion-MNIST directory; stopped by `stop`.
    final class Server {
        let process: Process
        let port: Int
        let logFile: String

        init() async throws {
            port = try DistributedTrainingTests.freePort()
            logFile = NSTemporaryDirectory() + "http-\(UUID().uuidString).log"
            process = try TestSupport.start(
                TestSupport.debianPython,
                ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", TestSupport.fashionMNIST],
                environment: [:], logFile: logFile)
            for _ in 0..<400 {
                if Self.accepts(port) { break }
                try await Task.sleep(for: .milliseconds(25))
            }
        }

        func stop() {
            // SIGKILL: the server may have inherited a mask that blocks SIGTERM from the test's thread.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: logFile)
        }

        var url: String { "http://127.0.0.1:\(port)/" }

        private static func accepts(_ port: Int) -> Bool {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            } == 0
        }
    }

    /// `FILE=SHA256` pairs of the served files.
    static func servedChecksums() throws -> String {
        try MNISTDownloader.canonicalSHA256.keys.sorted().map { name in
            "\(name)=\(MNISTDownloader.sha256(try MNISTFiles.read(TestSupport.fashionMNIST + "/" + name)))"
        }.joined(separator: ",")
    }

    @Test func downloadsFromTheFirstWorkingMirrorAndVerifiesTheFiles() async throws {
        let server = try await Server()
        defer { server.stop() }
        let root = try TestSupport.mlRoot(
            hyperparameters: [
                "epochs": "1", "dataset_size": "128", "test_dataset_size": "100", "num_threads": "2",
                "mnist_mirror": "\(server.url)missing/,\(server.url)", "mnist_sha256": try Self.servedChecksums(),
            ], linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(
            outcome.output.contains(
                "downloaded \(server.url)train-images-idx3-ubyte.gz (26421856 bytes, SHA-256 verified)"))
        #expect(outcome.output.contains("from \(root)/downloads/mnist/train-images-idx3-ubyte.gz"))
        #expect(outcome.output.contains("=== Test Accuracy: "))
    }

    @Test func filesThatAreNotTheCanonicalOnesAreRefused() async throws {
        let server = try await Server()
        defer { server.stop() }
        let root = try TestSupport.mlRoot(
            hyperparameters: ["mnist_mirror": server.url, "num_threads": "1"], linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outcome = try TestSupport.runTrainer(root: root)
        #expect(outcome.status == 1)
        let reason = TestSupport.failureReason(root: root) ?? "none"
        #expect(
            reason.hasPrefix(
                "ClientError: invalid input data: MNIST file t10k-images-idx3-ubyte.gz could not be downloaded: "),
            "\(reason)")
        #expect(
            reason.contains(
                "SHA-256 mismatch: expected 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            "\(reason)")
    }

    @Test func anUnreachableMirrorIsAClearFailure() throws {
        let port = try DistributedTrainingTests.freePort()
        let root = try TestSupport.mlRoot(
            hyperparameters: ["mnist_mirror": "http://127.0.0.1:\(port)/mnist", "num_threads": "1"], linkData: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try TestSupport.runTrainer(root: root).status == 1)
        let reason = TestSupport.failureReason(root: root) ?? "none"
        #expect(
            reason.contains("could not be downloaded: http://127.0.0.1:\(port)/mnist/t10k-images-idx3-ubyte.gz: "),
            "\(reason)")
    }

    @Test func invalidChecksumOverridesAreHyperparameterErrors() {
        #expect(throws: TrainerError.self) { try Hyperparameters(["mnist_sha256": "train-images-idx3-ubyte.gz=abc"]) }
        #expect(throws: TrainerError.self) {
            try Hyperparameters(["mnist_sha256": "other.gz=" + String(repeating: "a", count: 64)])
        }
    }
}
