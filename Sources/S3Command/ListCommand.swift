import ArgumentParser
import Foundation
import S3Client
import S3XML

/// `s3 ls`: the objects and common prefixes under an S3 prefix, formatted as the AWS CLI does.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List objects and prefixes under s3://bucket[/prefix].",
        discussion: """
            Without --recursive, keys are grouped at the next `/` into `PRE name/` lines, and objects show their \
            name after the prefix's last `/`; with it, every key under the prefix is listed in full. Lines are \
            `date time size key`, times in the local time zone.
            """)

    @Argument(help: "s3://bucket or s3://bucket/prefix.")
    var path: Location?

    @Flag(name: .shortAndLong, help: "List every key under the prefix.")
    var recursive = false

    @Flag(name: .customLong("human-readable"), help: "Sizes in KiB, MiB, GiB.")
    var humanReadable = false

    @Flag(help: "End with the number of objects and their total size.")
    var summarize = false

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (path, recursive, humanReadable, summarize) = (path, recursive, humanReadable, summarize)
        try await CommandSession.run(options) { session in
            guard case .s3(let prefix) = path else {
                throw CommandError("give an s3://bucket[/prefix] to list (listing buckets is not supported)")
            }
            let format = ListingFormat(humanReadable: humanReadable)
            var (objectCount, totalSize): (Int, Int64) = (0, 0)
            for try await page in session.client.listObjects(prefix, delimiter: recursive ? nil : "/") {
                for common in page.commonPrefixes { session.console.result(format.line(forPrefix: common)) }
                for object in page.contents {
                    session.console.result(format.line(for: object, showingFullKey: recursive))
                    objectCount += 1
                    totalSize += object.size
                }
            }
            if summarize {
                session.console.result("")
                session.console.result("Total Objects: \(objectCount)")
                session.console.result("   Total Size: \(format.size(totalSize))")
            }
        }
    }
}
