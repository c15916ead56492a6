import Logging
import S3Client
import Synchronization

/// The command's S3 clients: one for listings and many objects at once (`--concurrency` requests in flight), and
/// one, made on first use, for objects large enough to go in parts (`--part-concurrency` parts in flight).
///
/// Two, because the best numbers differ: many small files want many requests at once, while more than a few
/// ranged GETs writing into one file only contend for its inode lock (more CPU, no more speed), and parts of an
/// upload wait for the server anyway.
final class ClientPool: Sendable {
    /// The client for listings, deletions and objects below the multipart threshold.
    let shared: S3Client
    private let partsConfiguration: S3Configuration
    private let logger: Logger
    private let partsClient = Mutex<S3Client?>(nil)

    /// Starts the shared client; `partConcurrency` is for the parts client, made when first needed.
    init(configuration: S3Configuration, partConcurrency: Int, logger: Logger) throws(S3Error) {
        shared = try S3Client(configuration: configuration, logger: logger)
        var parts = configuration
        parts.concurrency = partConcurrency
        partsConfiguration = parts
        self.logger = logger
    }

    /// The client for an object of `size` bytes (unknown: the shared one).
    func client(forSize size: Int64?) throws(S3Error) -> S3Client {
        guard let size, size >= partsConfiguration.multipartThreshold else { return shared }
        return try partsClient.withLock { client throws(S3Error) in
            if let client { return client }
            let made = try S3Client(configuration: partsConfiguration, logger: logger)
            client = made
            return made
        }
    }

    /// Stops the clients' threads.
    func shutdown() {
        shared.shutdown()
        partsClient.withLock { $0?.shutdown() }
    }
}
