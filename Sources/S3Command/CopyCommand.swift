import ArgumentParser
import S3Client

/// `s3 cp`: one file, or a directory tree with `--recursive`, between a local path and S3.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cp",
        abstract: "Copy a file, or a tree with --recursive, between a local path and S3.",
        discussion: """
            As in the AWS CLI, `cp FILE s3://bucket/prefix/` appends the file name, `cp s3://bucket/key DIR/` \
            writes DIR/<name>, and `cp --recursive` copies everything under a directory or a key prefix (taken as \
            `prefix/`). Copies between two S3 locations are not supported.
            """)

    @Argument(help: "A local path or s3://bucket/key.")
    var source: Location

    @Argument(help: "A local path or s3://bucket/key.")
    var destination: Location

    @Flag(name: .shortAndLong, help: "Copy every file under the directory or key prefix.")
    var recursive = false

    @Option(
        name: .customLong("content-type"), help: "Content-Type of uploaded objects. Default: application/octet-stream.")
    var contentType: String?

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (source, destination, recursive, contentType) = (source, destination, recursive, contentType)
        try await CommandSession.run(options, checking: { try Self.check(source, destination) }) { session in
            let planner = CopyPlanner(client: session.client)
            let transfers: [FileTransfer]
            switch (source, destination) {
            case (.local(let path), .s3(let object)):
                transfers = try planner.uploads(from: path, to: object, recursive: recursive)
            case (.s3(let object), .local(let path)):
                transfers = try await planner.downloads(from: object, to: path, recursive: recursive)
            case (.s3, .s3), (.local, .local):
                return
            }
            if transfers.isEmpty && recursive { session.console.report("nothing to copy under \(source)") }
            try await session.transfer(transfers, contentType: contentType)
        }
    }

    /// Refuses copies that are not between a local path and S3.
    static func check(_ source: Location, _ destination: Location) throws {
        switch (source, destination) {
        case (.s3, .s3):
            throw CommandError("copying between two S3 locations is not supported: download, then upload")
        case (.local, .local):
            throw CommandError("neither path is an s3:// address: use cp(1) for local copies")
        default:
            return
        }
    }
}
