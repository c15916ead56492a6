/// A streamed body cut into lines (`\n` or `\r\n`, not included), for watch events and followed logs; the last
/// line may lack its line break. Memory stays bounded: a line longer than `maxLength` bytes fails with
/// `.lineTooLong`.
public struct HTTPLineSequence: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = TransportError

    /// The default maximum line length: 4 MiB, above the largest Kubernetes object.
    public static let defaultMaxLength = 4 * 1024 * 1024

    let body: HTTPBodyStream
    let maxLength: Int

    /// Yields the lines in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = [UInt8]
        public typealias Failure = TransportError

        private var chunks: HTTPBodyStream.AsyncIterator
        private var splitter: LineSplitter
        private var ready: [[UInt8]] = []
        private var readyIndex = 0
        private var ended = false

        init(body: HTTPBodyStream, maxLength: Int) {
            chunks = body.makeAsyncIterator()
            splitter = LineSplitter(maxLength: maxLength)
        }

        /// The next line; nil at the end of the body.
        public mutating func next() async throws(TransportError) -> [UInt8]? {
            while readyIndex == ready.count {
                guard !ended else { return nil }
                guard let chunk = try await chunks.next() else {
                    ended = true
                    return splitter.finish()
                }
                ready = try splitter.split(chunk)
                readyIndex = 0
            }
            defer { readyIndex += 1 }
            return ready[readyIndex]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body, maxLength: maxLength)
    }
}
