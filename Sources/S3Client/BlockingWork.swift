import Dispatch

/// Runs blocking work (file reads and hashing) on Dispatch threads, never on the Swift concurrency pool.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "s3client.blocking", attributes: .concurrent)

    /// Runs `body` on a Dispatch thread and returns its result.
    static func run<Result: Sendable, Failure: Error>(
        _ body: @escaping @Sendable () throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(Failure) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }
}
