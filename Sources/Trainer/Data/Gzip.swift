import CZlib

/// gzip decompression through zlib, for `.gz` data files.
enum Gzip {
    /// Whether `bytes` start with gzip's magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses gzip data (one or more members). Throws a description of the problem for corrupt or truncated
    /// input, or output larger than `limit` bytes.
    static func decompress(_ bytes: [UInt8], limit: Int = 1 << 34) throws(TrainerError) -> [UInt8] {
        guard isCompressed(bytes) else { throw .data("not gzip data (no gzip magic number)") }
        guard bytes.count < Int(UInt32.max) else { throw .data("gzip input larger than 4 GiB") }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .data("zlib could not be initialized")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(limit, max(initialCapacity(bytes), 1 << 16)))
        var produced = 0
        let result: Result<Int, TrainerError> = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                if produced == output.count {
                    guard output.count < limit else {
                        return .failure(.data("gzip data expands to more than \(limit) bytes"))
                    }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, limit - output.count)))
                }
                let status = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(clamping: out.count - produced)
                    let before = stream.avail_out
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced += Int(before - stream.avail_out)
                    return status
                }
                switch status {
                case Z_STREAM_END where stream.avail_in == 0:
                    return .success(produced)
                case Z_STREAM_END:
                    // Another gzip member follows (as `cat a.gz b.gz` makes), or trailing garbage.
                    let offset = input.count - Int(stream.avail_in)
                    guard input.count - offset >= 2, input[offset] == 0x1f, input[offset + 1] == 0x8b else {
                        return .failure(.data("corrupt gzip data: \(input.count - offset) unexpected trailing bytes"))
                    }
                    inflateReset(&stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .failure(.data("truncated gzip data: the stream ends before its end marker"))
                case Z_BUF_ERROR:
                    continue
                case Z_MEM_ERROR:
                    return .failure(.data("out of memory decompressing gzip data"))
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    return .failure(.data("corrupt gzip data: \(reason)"))
                }
            }
        }
        let size = try result.get()
        output.removeSubrange(size...)
        return output
    }

    /// The uncompressed size recorded in the last member's trailer (modulo 2^32), as a capacity hint.
    private static func initialCapacity(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 18 else { return 0 }
        let tail = bytes.suffix(4)
        return tail.reversed().reduce(0) { ($0 << 8) | Int($1) }
    }
}
