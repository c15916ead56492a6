import CCrypto
import Foundation

/// SHA-256 digests through libcrypto: of bytes, and of a file read in chunks.
public enum SHA256 {
    /// The hex SHA-256 of zero bytes.
    public static let emptyHexDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The 32-byte SHA-256 of `bytes`.
    public static func digest(_ bytes: some ContiguousBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        var placeholder: UInt8 = 0
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { output in
                withUnsafeMutablePointer(to: &placeholder) { empty in
                    EVP_Digest(
                        input.baseAddress ?? UnsafeRawPointer(empty), input.count,
                        output.baseAddress, &length, EVP_sha256(), nil
                    )
                }
            }
        }
        precondition(ok == 1 && length == UInt32(SHA256_DIGEST_LENGTH), "libcrypto SHA-256 failed")
        return out
    }

    /// The lower-case hex SHA-256 of `bytes`.
    public static func hexDigest(_ bytes: some ContiguousBytes) -> String {
        Hex.encode(digest(bytes))
    }

    /// The lower-case hex SHA-256 of the UTF-8 bytes of `string`.
    public static func hexDigest(utf8 string: String) -> String {
        hexDigest(Array(string.utf8))
    }

    /// The lower-case hex SHA-256 of a file's contents, read `chunkSize` bytes at a time.
    public static func hexDigest(ofFileAt url: URL, chunkSize: Int = 1 << 20) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        while let chunk = try handle.read(upToCount: max(1, chunkSize)), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return Hex.encode(hasher.finalize())
    }
}
