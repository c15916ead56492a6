import ArgumentParser
import Foundation
import S3Client

/// The options every subcommand takes: where S3 is, how to sign, how to transfer, what to print.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("endpoint-url"), help: "S3 endpoint, e.g. http://127.0.0.1:8333 (AWS_ENDPOINT_URL_S3).")
    var endpointURL: String?

    @Option(help: "Signing region (AWS_REGION). Default: the profile's, else us-east-1.")
    var region: String?

    @Option(help: "Profile of ~/.aws/credentials and ~/.aws/config (AWS_PROFILE).")
    var profile: String?

    @Option(
        name: .customLong("part-size"),
        help: "Part size of multipart uploads and ranged downloads: bytes or 16MiB, 64MB… (at least 5 MiB).")
    var partSize: ByteCount?

    @Option(
        name: .customLong("multipart-threshold"),
        help: "Files at least this large go in parts (default: 16MiB).")
    var multipartThreshold: ByteCount?

    @Option(help: "Files in flight at once (and requests: listings, small files).")
    var concurrency: Int = GlobalOptions.defaultConcurrency

    @Option(
        name: .customLong("part-concurrency"),
        help: "Parts of one large file in flight (ranged GETs, UploadPart).")
    var partConcurrency: Int = GlobalOptions.defaultPartConcurrency

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .customLong("no-progress"), help: "No progress bar, even on a terminal.")
    var noProgress = false

    @Flag(help: "Log every HTTP request (method, host, status, duration) to standard error.")
    var debug = false

    /// Enough for many small files over one link; large files are split into parts up to the same limit.
    static let defaultConcurrency = 16
    /// More ranged GETs into one file contend for its inode lock: more CPU for no more speed on this kind of link.
    static let defaultPartConcurrency = 4

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1...256") }
        guard (1...64).contains(partConcurrency) else { throw ValidationError("--part-concurrency must be 1...64") }
        if let partSize, partSize.bytes < S3Configuration.minimumPartSize {
            throw ValidationError("--part-size must be at least 5 MiB (S3's smallest part)")
        }
        if let partSize, partSize.bytes > S3Configuration.maximumPartSize {
            throw ValidationError("--part-size must be at most 5 GiB (S3's largest part)")
        }
    }

    /// The client configuration: the environment and shared files as the AWS CLI reads them, then the flags.
    func makeConfiguration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> S3Configuration {
        var environment = environment
        // The flags win over everything the environment or the profile says.
        if let endpointURL { environment["AWS_ENDPOINT_URL_S3"] = endpointURL }
        if let region { environment["AWS_REGION"] = region }
        var configuration = try S3Configuration.fromEnvironment(environment, profile: profile)
        if let partSize { configuration.partSize = partSize.bytes }
        if let multipartThreshold { configuration.multipartThreshold = max(1, multipartThreshold.bytes) }
        configuration.concurrency = concurrency
        return configuration
    }
}
