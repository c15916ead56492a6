import Glibc

/// The state of one running transfer that libcurl's callbacks reach through their context pointer: the body
/// being sent, the sink being filled, the head being parsed. Confined to the transfer's thread.
final class TransferContext {
    /// Where the body goes, as the transfer thread sees it.
    enum Sink {
        case memory(limit: Int)
        case file(path: String, offset: Int64)
        case discard
        case stream(StreamBuffer)
    }

    let control: TransferControl
    private let sink: Sink

    /// Whether the body goes to a file: a bulk download, worth large receive buffers.
    var writesToFile: Bool {
        if case .file = sink { return true }
        return false
    }
    private var body: BodySource?
    private(set) var parser: ResponseHeadParser
    private let onHead: ((ResponseHead) -> Void)?
    /// Why a callback stopped the transfer, when it was not cancellation.
    private(set) var failure: TransportError?
    /// Body bytes of the current response received so far.
    private(set) var bodyBytes: Int64 = 0
    /// The memory sink's body, or the start of a non-2xx body for the file and discard sinks.
    private(set) var keptBody: [UInt8] = []
    private var fileDescriptor: Int32 = -1
    /// File-sink body bytes not written yet. Debian's libcurl hands the body over in pieces of at most 16 KiB
    /// (CURL_MAX_WRITE_SIZE); one `pwrite` each made parallel ranged downloads into one file contend for its inode
    /// lock, so pieces are gathered into writes of up to `fileBufferSize` bytes. Pieces that large (from a libcurl
    /// built with CURL_MAX_WRITE_SIZE 128 KiB, scripts/build-minimal-libcurl.sh) are written without the copy.
    /// Allocated at the first piece, no larger than the body.
    private var fileBuffer: UnsafeMutableRawBufferPointer?
    private var fileBufferCount = 0
    private var fileBufferOffset: Int64 = 0
    /// The most bytes gathered per write (measured: 128 KiB beat 64 KiB and 1 MiB).
    static let fileBufferSize = 128 * 1024
    private let progress: (@Sendable (Int64) -> Void)?
    private var reportedProgress: Int64 = -1
    /// Stall detection: the transfer fails once no byte moved (head, body, either way) for this long.
    private let stallTimeout: Duration?
    private var lastActivity = ContinuousClock.now
    private var movedBytes: Int64 = 0

    init(
        control: TransferControl, sink: Sink, body: BodySource?, followsRedirects: Bool, stallTimeout: Duration?,
        progress: (@Sendable (Int64) -> Void)?, onHead: ((ResponseHead) -> Void)?
    ) {
        self.control = control
        self.stallTimeout = stallTimeout.flatMap { $0 > .zero ? $0 : nil }
        self.sink = sink
        self.body = body
        self.parser = ResponseHeadParser(followsRedirects: followsRedirects)
        self.progress = progress
        self.onHead = onHead
    }

    // MARK: Callbacks

    /// One header line. False stops the transfer.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        switch parser.consume(line) {
        case .responseStarted:
            // A new response (after 100 Continue or a redirect): its body starts from nothing.
            bodyBytes = 0
            fileBufferCount = 0
            keptBody.removeAll(keepingCapacity: true)
        case .headCompleted:
            onHead?(parser.head)
        case .other:
            break
        }
        return !control.isCancelled
    }

    /// Body bytes of the current response. False stops the transfer (with `failure` set unless cancelled).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bodyBytes == 0 && bytes.count > 0 { prepareForBody() }
        if failure != nil { return false }
        bodyBytes += Int64(bytes.count)
        // After the push below too: a stream's consumer falling behind is not the server stalling.
        defer { lastActivity = .now }
        let isSuccess = (200..<300).contains(parser.head.status)
        switch sink {
        case .stream(let buffer):
            return buffer.push(bytes)
        case .memory(let limit):
            guard keptBody.count + bytes.count <= limit else {
                failure = TransportError(
                    code: .responseTooLarge, message: "the response body exceeds the memory limit", limit: limit)
                return false
            }
            keptBody.append(contentsOf: bytes)
        case .file(let path, let offset) where isSuccess:
            return gather(bytes, toFile: path, at: offset + bodyBytes - Int64(bytes.count))
        case .file, .discard:
            if !isSuccess {
                keptBody.append(contentsOf: bytes.prefix(max(0, ResponseSink.errorBodyLimit - keptBody.count)))
            }
        }
        return true
    }

    /// Fills `buffer` with request body bytes: the count, or nil to abort (with `failure` set).
    func sendBody(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard !control.isCancelled else { return nil }
        switch body?.read(into: buffer) ?? .success(0) {
        case .success(let count):
            return count
        case .failure(let error):
            failure = error
            return nil
        }
    }

    /// Rewinds the request body to `offset`; false if impossible.
    func rewindBody(to offset: Int64) -> Bool {
        body?.seek(to: offset) ?? false
    }

    /// Reports progress (bytes sent when there is a body, else received) and detects stalls (libcurl calls this
    /// about once a second while nothing moves). False stops the transfer.
    func reportProgress(downloaded: Int64, uploaded: Int64) -> Bool {
        let now = ContinuousClock.now
        if downloaded + uploaded != movedBytes {
            movedBytes = downloaded + uploaded
            lastActivity = now
        } else if let stallTimeout, now - lastActivity >= stallTimeout {
            failure = TransportError(
                code: .timedOut, message: "no data moved for \(stallTimeout) (stall timeout)")
            return false
        }
        if let progress {
            let current = (body?.length ?? 0) > 0 ? uploaded : downloaded
            if current != reportedProgress {
                reportedProgress = current
                progress(current)
            }
        }
        return !control.isCancelled
    }

    // MARK: Completion

    /// After a transfer that libcurl completed with `status`: a 2xx response to a file sink writes what is still
    /// gathered, and creates the file even when the body was empty.
    func finishSuccessfully(status: Int) throws(TransportError) {
        if case .file(let path, _) = sink, (200..<300).contains(status) {
            if failure == nil, !flushFileBuffer(path: path), let failure { throw failure }
            if fileDescriptor < 0 { try openFile(path) }
        }
        if let failure { throw failure }
    }

    /// Releases the body's file and the sink's file.
    func close() {
        body?.close()
        body = nil
        if fileDescriptor >= 0 {
            Glibc.close(fileDescriptor)
            fileDescriptor = -1
        }
        fileBuffer?.deallocate()
        fileBuffer = nil
    }

    // MARK: Sinks

    private func prepareForBody() {
        guard case .memory(let limit) = sink, let expected = parser.contentLength else { return }
        guard expected <= Int64(limit) else {
            failure = TransportError(
                code: .responseTooLarge, message: "Content-Length \(expected) exceeds the memory limit",
                limit: limit)
            return
        }
        // A header is only a claim: reserve no more than a modest amount up front.
        keptBody.reserveCapacity(Int(min(expected, 8 * 1024 * 1024)))
    }

    /// Adds `bytes`, which belong at `offset` of the file, to the gathered ones; writes those out first when
    /// `bytes` do not follow them or do not fit. False (with `failure` set) when the file cannot be written.
    private func gather(_ bytes: UnsafeRawBufferPointer, toFile path: String, at offset: Int64) -> Bool {
        if fileBufferCount > 0,
            fileBufferOffset + Int64(fileBufferCount) != offset || fileBufferCount + bytes.count > fileBuffer!.count
        {
            guard flushFileBuffer(path: path) else { return false }
        }
        let buffer: UnsafeMutableRawBufferPointer
        if let fileBuffer {
            buffer = fileBuffer
        } else {
            let capacity = min(Int64(Self.fileBufferSize), max(parser.contentLength ?? 0, Int64(bytes.count)))
            buffer = .allocate(byteCount: Int(capacity), alignment: 16)
            fileBuffer = buffer
        }
        guard bytes.count < buffer.count else { return write(bytes, toFile: path, at: offset) }
        if fileBufferCount == 0 { fileBufferOffset = offset }
        UnsafeMutableRawBufferPointer(rebasing: buffer[fileBufferCount...]).copyMemory(from: bytes)
        fileBufferCount += bytes.count
        return true
    }

    /// Writes the gathered bytes out; false (with `failure` set) when the file cannot be written.
    private func flushFileBuffer(path: String) -> Bool {
        guard fileBufferCount > 0, let fileBuffer else { return true }
        let count = fileBufferCount
        fileBufferCount = 0
        return write(UnsafeRawBufferPointer(rebasing: fileBuffer[..<count]), toFile: path, at: fileBufferOffset)
    }

    private func write(_ bytes: UnsafeRawBufferPointer, toFile path: String, at offset: Int64) -> Bool {
        if fileDescriptor < 0 {
            do throws(TransportError) {
                try openFile(path)
            } catch {
                failure = error
                return false
            }
        }
        var written = 0
        while written < bytes.count {
            let count = pwrite(
                fileDescriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + Int64(written)))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                failure = .fileIO(path: path, operation: "pwrite", systemError: count < 0 ? errno : EIO)
                return false
            }
            written += count
        }
        return true
    }

    private func openFile(_ path: String) throws(TransportError) {
        // Created if missing, never truncated: parallel ranged downloads share one pre-sized file.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fileIO(path: path, operation: "open") }
        fileDescriptor = descriptor
    }
}
