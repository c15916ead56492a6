/// The bounded hand-over of a streamed body from its transfer thread, which blocks while the buffer is full,
/// to the consuming task, which suspends while it is empty. At most `maxChunks` chunks of up to `chunkSize`
/// bytes wait (256 KiB); small writes are coalesced.
///
/// `@unchecked Sendable`: every stored `var` is read and written only with `lock` held.
final class StreamBuffer: @unchecked Sendable {
    static let maxChunks = 4
    static let chunkSize = 64 * 1024

    typealias Next = Result<[UInt8]?, TransportError>

    let control: TransferControl
    private let lock = ConditionLock()
    private var chunks: [[UInt8]] = []
    /// Set once the transfer ends: nil for success.
    private var ending: TransportError??
    private var endingReported = false
    private var cancelled = false
    private var waiter: CheckedContinuation<Next, Never>?

    init(control: TransferControl) {
        self.control = control
    }

    // MARK: Producer (the transfer's thread)

    /// Queues a copy of `bytes`, first blocking while the buffer is full. False when the stream was cancelled.
    func push(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        lock.lock()
        while !cancelled && chunks.count >= Self.maxChunks
            && chunks[chunks.count - 1].count + bytes.count > Self.chunkSize
        {
            lock.wait()
        }
        guard !cancelled else {
            lock.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: .success(Array(bytes)))
            return true
        }
        if let last = chunks.indices.last, chunks[last].count + bytes.count <= Self.chunkSize {
            chunks[last].append(contentsOf: bytes)
        } else {
            var chunk = [UInt8]()
            chunk.reserveCapacity(max(bytes.count, Self.chunkSize))
            chunk.append(contentsOf: bytes)
            chunks.append(chunk)
        }
        lock.unlock()
        return true
    }

    /// Ends the body: the consumer gets the remaining chunks, then the end or `error`.
    func finish(_ error: TransportError?) {
        let waiter: CheckedContinuation<Next, Never>? = lock.withLock {
            guard ending == nil else { return nil }
            ending = .some(error)
            guard let waiter = self.waiter else { return nil }
            self.waiter = nil
            endingReported = true
            return waiter
        }
        waiter?.resume(returning: error.map { .failure($0) } ?? .success(nil))
    }

    // MARK: Consumer

    /// The next chunk, nil at the end. Cancelling the calling task cancels the stream.
    func next() async -> Next {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Next, Never>) in
                let ready: Next? = lock.withLock {
                    if !chunks.isEmpty {
                        lock.signal()
                        return .success(chunks.removeFirst())
                    }
                    if endingReported { return .success(nil) }
                    if cancelled {
                        endingReported = true
                        return .failure(.cancelled)
                    }
                    if let ending {
                        endingReported = true
                        return ending.map { .failure($0) } ?? .success(nil)
                    }
                    waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Aborts the transfer and wakes both sides; the consumer's pending and next call report `.cancelled`.
    func cancel() {
        control.cancel()
        let waiter: CheckedContinuation<Next, Never>? = lock.withLock {
            guard !cancelled else { return nil }
            cancelled = true
            chunks.removeAll()
            lock.broadcast()
            guard let waiter = self.waiter else { return nil }
            self.waiter = nil
            endingReported = true
            return waiter
        }
        waiter?.resume(returning: .failure(.cancelled))
    }
}

/// Owned by the consumer's values (the response stream, its body and iterators): when the last of them goes,
/// the transfer is aborted and its connection closed.
final class StreamHandle: Sendable {
    let buffer: StreamBuffer

    init(buffer: StreamBuffer) {
        self.buffer = buffer
    }

    deinit {
        buffer.cancel()
    }
}
