import Foundation
import Glibc
import SigV4

/// SHA-256 and MD5 of a file's byte range, read with `pread` in 1 MiB pieces. Blocking: call through
/// `BlockingWork`.
enum FileDigest {
    /// The SHA-256 of `length` bytes at `offset` of the file at `path`.
    static func sha256(path: String, offset: Int64, length: Int64) throws(S3Error) -> [UInt8] {
        var hasher = SHA256Hasher()
        try forEachChunk(path: path, offset: offset, length: length) { hasher.update($0) }
        return hasher.finalize()
    }

    /// The MD5 of `length` bytes at `offset` of the file at `path`.
    static func md5(path: String, offset: Int64, length: Int64) throws(S3Error) -> [UInt8] {
        var hasher = MD5.Hasher()
        try forEachChunk(path: path, offset: offset, length: length) { hasher.update($0) }
        return hasher.finalize()
    }

    private static func forEachChunk(
        path: String, offset: Int64, length: Int64, _ body: (ArraySlice<UInt8>) -> Void
    ) throws(S3Error) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // No larger than the range: a 1 MiB buffer zeroed for every small file was a noticeable cost.
        var buffer = [UInt8](repeating: 0, count: Int(min(1 << 20, max(length, 1))))
        var done: Int64 = 0
        while done < length {
            let wanted = Int(min(Int64(buffer.count), length - done))
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, wanted, off_t(offset + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = count == 0 ? "the file shrank while it was read" : String(cString: strerror(errno))
                throw .fileSystem(path: path, message: reason)
            }
            body(buffer[0..<count])
            done += Int64(count)
        }
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
    /// Base64.
    var base64String: String { Data(self).base64EncodedString() }
}
