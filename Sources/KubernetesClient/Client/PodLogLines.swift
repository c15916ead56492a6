import HTTPTransport

/// A followed container log, line by line, as it is written. Memory stays bounded: the transport holds at most a
/// few hundred KiB ahead of the consumer and the container's output waits for it. Ends when the container
/// does (or the API server closes the stream); cancelling the iterating task stops it.
public struct PodLogLines: AsyncSequence, Sendable {
    public typealias Element = String
    public typealias Failure = KubernetesError

    let stream: HTTPResponseStream
    let maxLineLength: Int

    /// Yields the lines in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = String
        public typealias Failure = KubernetesError

        var lines: HTTPLineSequence.AsyncIterator

        /// The next line (without its line break); nil at the end of the log or when cancelled.
        public mutating func next() async throws(KubernetesError) -> String? {
            do {
                return try await lines.next().map { String(decoding: $0, as: UTF8.self) }
            } catch {
                if error.code == .cancelled { return nil }
                throw .transport(error)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: stream.lines(maxLength: maxLineLength).makeAsyncIterator())
    }

    /// Stops following the log.
    public func cancel() {
        stream.cancel()
    }
}
