import ArgumentParser
import S3Client

/// `s3 mb`: creates a bucket.
struct MakeBucketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mb", abstract: "Create a bucket (in the configured region); one you own already is fine.")

    @Argument(help: "s3://bucket.")
    var bucket: Location

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bucket = bucket
        try await CommandSession.run(options) { session in
            guard case .s3(let uri) = bucket, uri.key.isEmpty else {
                throw CommandError("give the bucket as s3://name")
            }
            try await session.client.createBucket(uri.bucket)
            session.console.report("make_bucket: \(uri.bucket)")
        }
    }
}
