import Glibc

/// The request body as libcurl's read and seek callbacks see it: a cursor over bytes or over a file range.
struct BodySource {
    private enum Storage {
        case bytes([UInt8])
        case file(descriptor: Int32, path: String, offset: Int64)
    }

    private let storage: Storage
    let length: Int64
    private var position: Int64 = 0

    /// Opens `body`'s file, if any, checking that it holds the whole range. The caller must `close()` it.
    init(_ body: RequestBody) throws(TransportError) {
        switch body {
        case .none:
            storage = .bytes([])
            length = 0
        case .bytes(let bytes):
            storage = .bytes(bytes)
            length = Int64(bytes.count)
        case .file(let path, let offset, let length):
            guard offset >= 0, length >= 0 else {
                throw .invalidRequest("file body range \(offset)+\(length) of \(path) is negative")
            }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .fileIO(path: path, operation: "open") }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let error = TransportError.fileIO(path: path, operation: "fstat")
                Glibc.close(descriptor)
                throw error
            }
            guard Int64(status.st_size) >= offset + length else {
                Glibc.close(descriptor)
                throw .fileIO(
                    path: path, systemError: EINVAL,
                    message: "the file has \(status.st_size) bytes, the body needs \(offset + length)")
            }
            storage = .file(descriptor: descriptor, path: path, offset: offset)
            self.length = length
        }
    }

    /// Copies the next bytes into `buffer`: how many (0 at the end), or why the file could not be read.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, TransportError> {
        let wanted = Int(min(Int64(buffer.count), length - position))
        guard wanted > 0 else { return .success(0) }
        switch storage {
        case .bytes(let bytes):
            bytes.withUnsafeBytes { source in
                let start = Int(position)
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: wanted)
            }
            position += Int64(wanted)
            return .success(wanted)
        case .file(let descriptor, let path, let offset):
            while true {
                let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset + position))
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { return .failure(.fileIO(path: path, operation: "pread")) }
                guard count > 0 else {
                    return .failure(
                        .fileIO(path: path, systemError: EIO, message: "the file shrank while it was being sent"))
                }
                position += Int64(count)
                return .success(count)
            }
        }
    }

    /// Moves the cursor to `offset` bytes into the body (libcurl rewinds to resend); false if out of range.
    mutating func seek(to offset: Int64) -> Bool {
        guard (0...length).contains(offset) else { return false }
        position = offset
        return true
    }

    func close() {
        if case .file(let descriptor, _, _) = storage { Glibc.close(descriptor) }
    }
}
