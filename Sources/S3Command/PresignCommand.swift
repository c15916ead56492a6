import ArgumentParser
import Foundation
import S3Client

/// `s3 presign`: prints a presigned GET URL; nothing is sent to S3.
struct PresignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presign", abstract: "Print a presigned URL that GETs the object without credentials.")

    @Argument(help: "s3://bucket/key.")
    var object: Location

    @Option(name: .customLong("expires-in"), help: "Seconds the URL stays valid, 1...604800 (7 days).")
    var expiresIn = 3600

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard (1...604_800).contains(expiresIn) else { throw ValidationError("--expires-in must be 1...604800") }
    }

    func run() async throws {
        let (object, expiresIn) = (object, expiresIn)
        try await CommandSession.run(options) { session in
            guard case .s3(let uri) = object, !uri.key.isEmpty else {
                throw CommandError("give the object as s3://bucket/key")
            }
            session.console.result(session.client.presignedURL(for: uri, expires: expiresIn).absoluteString)
        }
    }
}
