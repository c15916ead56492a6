import Synchronization

/// Runs `body` for every element with at most `limit` running at once; the first error cancels the rest and is
/// thrown.
func forEachConcurrently<Element: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async throws(S3Error) -> Void
) async throws(S3Error) {
    let outcome: S3Error? = await withTaskGroup(of: S3Error?.self) { group in
        var iterator = elements.makeIterator()
        func addNext() -> Bool {
            guard let element = iterator.next() else { return false }
            group.addTask {
                do throws(S3Error) {
                    try await body(element)
                    return nil
                } catch {
                    return error
                }
            }
            return true
        }
        for _ in 0..<max(1, limit) where !addNext() { break }
        while let result = await group.next() {
            if let error = result {
                group.cancelAll()
                return error
            }
            _ = addNext()
        }
        return nil
    }
    if let outcome { throw outcome }
}

/// Adds up the bytes of parts transferred in parallel into one progress figure.
final class ProgressCounter: Sendable {
    private let report: @Sendable (Int64) -> Void
    private let state: Mutex<(parts: [Int64], total: Int64)>

    init(report: @escaping @Sendable (Int64) -> Void, parts: Int) {
        self.report = report
        self.state = Mutex(([Int64](repeating: 0, count: parts), 0))
    }

    /// The progress callback of one part (1-based number).
    func reporter(forPart number: Int) -> @Sendable (Int64) -> Void {
        { [self] bytes in update(part: number - 1, bytes: bytes) }
    }

    /// Part `part` (0-based) has moved `bytes` bytes in its current attempt.
    func update(part: Int, bytes: Int64) {
        let total = state.withLock { state in
            state.total += bytes - state.parts[part]
            state.parts[part] = bytes
            return state.total
        }
        report(total)
    }
}
