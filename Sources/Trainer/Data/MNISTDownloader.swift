import CCrypto
import Foundation
import FoundationNetworking

/// Fetches the canonical MNIST files from mirrors when the channels hold none, verifying each file's SHA-256.
struct MNISTDownloader: Sendable {
    /// torchvision's mirrors, in its order.
    static let defaultMirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"]
    /// The SHA-256 of the canonical files.
    static let canonicalSHA256 = [
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ]

    /// Base URLs tried in order for each file.
    let mirrors: [String]
    /// Expected SHA-256 by file name.
    let checksums: [String: String]
    /// Where the files go.
    let directory: String
    /// Seconds a request may take.
    var timeoutSeconds = 300.0

    /// Downloads every file not already present with the right digest; `log` hears about each.
    func fetch(log: (String) -> Void) throws(TrainerError) {
        try ArtifactWriter.createDirectory(directory)
        for name in checksums.keys.sorted() {
            let expected = checksums[name]!.lowercased()
            let path = directory + "/" + name
            if let existing = FileManager.default.contents(atPath: path), Self.sha256([UInt8](existing)) == expected {
                continue
            }
            var failures: [String] = []
            var downloaded = false
            for mirror in mirrors where !downloaded {
                let url = mirror.hasSuffix("/") ? mirror + name : mirror + "/" + name
                switch get(url) {
                case .failure(let reason):
                    failures.append("\(url): \(reason)")
                case .success(let bytes) where Self.sha256(bytes) != expected:
                    failures.append("\(url): SHA-256 mismatch: expected \(expected), got \(Self.sha256(bytes))")
                case .success(let bytes):
                    try ArtifactWriter.write(Data(bytes), to: path)
                    log("downloaded \(url) (\(bytes.count) bytes, SHA-256 verified)")
                    downloaded = true
                }
            }
            guard downloaded else {
                throw .data("MNIST file \(name) could not be downloaded: " + failures.joined(separator: "; "))
            }
        }
    }

    /// The lower-case hex SHA-256 of `bytes` (libcrypto).
    static func sha256(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1, "libcrypto SHA-256 failed")
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// A blocking GET: the body of a 200 response, else why not.
    private func get(_ address: String) -> Result<[UInt8], Failure> {
        guard let url = URL(string: address) else { return .failure(Failure("not a URL")) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let task = session.dataTask(with: url) { data, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode
            outcome.finish(
                error.map { .failure(Failure($0.localizedDescription)) }
                    ?? (status == 200
                        ? .success([UInt8](data ?? Data()))
                        : .failure(Failure("HTTP \(status.map(String.init) ?? "error")"))))
        }
        task.resume()
        return outcome.wait()
    }

    /// Why a request failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A request's result, handed from URLSession's delegate queue to the waiting thread.
    private final class Outcome: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<[UInt8], Failure> = .failure(Failure("no response"))

        func finish(_ result: Result<[UInt8], Failure>) {
            self.result = result
            done.signal()
        }

        func wait() -> Result<[UInt8], Failure> {
            done.wait()
            return result
        }
    }
}
