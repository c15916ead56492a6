import CZlib
import Glibc

/// Decompresses a gzip file (one or more members) into another file with zlib, streaming in 1 MiB pieces.
enum GzipDecompressor {
    /// Writes the decompressed contents of `source` to `destination`; truncated or corrupt input is an error.
    static func decompress(_ source: String, to destination: String) throws(StagingError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .fileSystem(path: source, message: String(cString: strerror(errno))) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .fileSystem(path: destination, message: String(cString: strerror(errno))) }
        defer { close(output) }

        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .gzip(uri: source, message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let size = 1 << 20
        let inBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        let outBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer {
            inBuffer.deallocate()
            outBuffer.deallocate()
        }
        var ended = false  // the last member ended and nothing followed it yet
        while true {
            let count = read(input, inBuffer, size)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .fileSystem(path: source, message: String(cString: strerror(errno))) }
            if count == 0 { break }
            stream.next_in = inBuffer
            stream.avail_in = UInt32(count)
            while stream.avail_in > 0 {
                if ended {
                    // Another gzip member follows (concatenated files).
                    guard inflateReset(&stream) == Z_OK else { throw .gzip(uri: source, message: "zlib reset failed") }
                    ended = false
                }
                repeat {
                    stream.next_out = outBuffer
                    stream.avail_out = UInt32(size)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                        throw .gzip(uri: source, message: reason)
                    }
                    try writeAll(output, outBuffer, size - Int(stream.avail_out), path: destination)
                    if status == Z_STREAM_END {
                        ended = true
                        break
                    }
                } while stream.avail_out == 0
            }
        }
        guard ended else {
            throw .gzip(uri: source, message: "the data ends before the gzip stream does (truncated or not gzip)")
        }
    }

    private static func writeAll(
        _ descriptor: Int32, _ base: UnsafeMutablePointer<UInt8>, _ count: Int, path: String
    ) throws(StagingError) {
        var written = 0
        while written < count {
            let result = write(descriptor, base + written, count - written)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw .fileSystem(path: path, message: String(cString: strerror(errno))) }
            written += result
        }
    }
}
