import ArgumentParser
import Dispatch
import Foundation
import Glibc
import Logging
import S3Client

/// What a subcommand works with: the client, the console and the options; `run` sets it up, turns SIGINT and
/// SIGTERM into cancellation (so that downloads remove their temporary files and multipart uploads are aborted)
/// and reports any error as `s3: error: <message>` with exit status 1.
struct CommandSession: Sendable {
    /// The clients, configured from the environment and the flags.
    let clients: ClientPool
    /// Where output goes.
    let console: Console
    /// The global options.
    let options: GlobalOptions

    /// The client for listings and small objects.
    var client: S3Client { clients.shared }

    /// Whether transfers draw a progress line: standard error is a terminal and neither `--quiet` nor
    /// `--no-progress` was given.
    var showsProgress: Bool { console.isErrorTerminal && !options.quiet && !options.noProgress }

    /// Runs `body` with a session; throws `ExitCode` after reporting a failure. `check` runs first, before the
    /// configuration is read, for errors in the arguments themselves.
    static func run(
        _ options: GlobalOptions, checking check: () throws -> Void = {},
        _ body: @escaping @Sendable (CommandSession) async throws -> Void
    ) async throws {
        let console = Console(isQuiet: options.quiet)
        let session: CommandSession
        do {
            try check()
            let logger = Logger(label: "s3") { label in
                guard options.debug else { return SwiftLogNoOpLogHandler() }
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .debug
                return handler
            }
            let clients = try ClientPool(
                configuration: options.makeConfiguration(), partConcurrency: options.partConcurrency, logger: logger)
            session = CommandSession(clients: clients, console: console, options: options)
        } catch {
            console.error("s3: error: \(error)")
            throw ExitCode.failure
        }
        defer { session.clients.shutdown() }
        let work = Task { try await body(session) }
        let interruption = Interruption { work.cancel() }
        let outcome = await work.result
        if let signal = interruption.stop() {
            console.error("s3: interrupted")
            throw ExitCode(128 + signal)
        }
        if case .failure(let error) = outcome {
            if let exit = error as? ExitCode { throw exit }
            console.error("s3: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Runs `transfers` (errors are reported per file); fails when any failed.
    func transfer(_ transfers: [FileTransfer], contentType: String? = nil) async throws {
        guard !transfers.isEmpty else { return }
        let batch = TransferBatch(
            clients: clients, console: console, concurrency: options.concurrency, showsProgress: showsProgress,
            contentType: contentType)
        let failures = await batch.run(transfers)
        try Task.checkCancellation()
        guard failures == 0 else {
            // Each failure was reported with its file; a batch adds the count.
            if transfers.count > 1 { console.error("s3: error: \(failures) of \(transfers.count) transfers failed") }
            throw ExitCode.failure
        }
    }
}
