import NIOPosix

/// Runs blocking file-system work (copies, directory walks) on NIO's thread pool, never on the concurrency pool.
enum BlockingWork {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
