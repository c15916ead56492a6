import ArgumentParser
import S3Client
import S3XML

/// `s3 rm`: deletes an object, or every object under a key prefix.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete an object, or with --recursive every object under a key prefix (taken as `prefix/`).")

    @Argument(help: "s3://bucket/key, or s3://bucket[/prefix] with --recursive.")
    var path: Location

    @Flag(name: .shortAndLong, help: "Delete every object under the prefix, in batches of 1000.")
    var recursive = false

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (path, recursive) = (path, recursive)
        try await CommandSession.run(options) { session in
            guard case .s3(let object) = path else { throw CommandError("rm deletes s3:// objects only") }
            if recursive {
                let prefix = object.directoryPrefix
                let keys = try await session.client.listAllObjects(under: prefix).map(\.key)
                try await Self.delete(keys: keys, bucket: object.bucket, session: session)
            } else {
                guard !object.key.isEmpty, !object.key.hasSuffix("/") else {
                    throw CommandError("\(object) names no object: give a key, or use --recursive")
                }
                try await session.client.deleteObject(object)
                session.console.report("delete: \(object)")
            }
        }
    }

    /// Deletes `keys` with DeleteObjects, 1000 a request, reporting each; fails after all batches when any key
    /// could not be deleted.
    static func delete(keys: [String], bucket: String, session: CommandSession) async throws {
        var failed = 0
        for start in stride(from: 0, to: keys.count, by: 1000) {
            try Task.checkCancellation()
            let batch = Array(keys[start..<min(start + 1000, keys.count)])
            let failures = try await session.client.deleteObjects(bucket: bucket, keys: batch)
            let failedKeys = Set(failures.map(\.key))
            for failure in failures {
                session.console.error(
                    "s3: error: delete failed: s3://\(bucket)/\(failure.key): \(failure.code): \(failure.message ?? "")"
                )
            }
            for key in batch where !failedKeys.contains(key) { session.console.report("delete: s3://\(bucket)/\(key)") }
            failed += failures.count
        }
        if failed > 0 { throw CommandError("\(failed) of \(keys.count) objects could not be deleted") }
    }
}
