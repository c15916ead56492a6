/// A streamed response body: chunks of bytes as they arrive, with at most a few hundred KiB buffered ahead of
/// the consumer (the transfer waits while the consumer is behind). Iterate it once. Cancelling the iterating
/// task, or dropping every copy of the stream and its iterators, aborts the transfer.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = TransportError

    let handle: StreamHandle

    /// Yields the body's chunks in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = [UInt8]
        public typealias Failure = TransportError

        let handle: StreamHandle

        /// The next chunk; nil at the end of the body.
        public mutating func next() async throws(TransportError) -> [UInt8]? {
            try await handle.buffer.next().get()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }

    /// The body as lines of at most `maxLength` bytes (a longer one fails with `.lineTooLong`).
    public func lines(maxLength: Int = HTTPLineSequence.defaultMaxLength) -> HTTPLineSequence {
        HTTPLineSequence(body: self, maxLength: maxLength)
    }

    /// Aborts the transfer; the consumer's next call reports `.cancelled`.
    public func cancel() {
        handle.buffer.cancel()
    }
}
