import CCrypto
import Foundation

/// MD5 through libcrypto: Content-MD5 of small request bodies and ETag checks of small downloads.
enum MD5 {
    /// The 16-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes[...])
        return hasher.finalize()
    }

    /// The base64 digest, as `Content-MD5` wants it.
    static func base64Digest(_ bytes: [UInt8]) -> String { Data(digest(bytes)).base64EncodedString() }

    /// An incremental MD5.
    struct Hasher: ~Copyable {
        private let context: OpaquePointer

        init() {
            guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_md5(), nil) == 1 else {
                fatalError("libcrypto could not start an MD5 digest")
            }
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        mutating func update(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return }
                precondition(EVP_DigestUpdate(context, base, buffer.count) == 1, "libcrypto MD5 update failed")
            }
        }

        consuming func finalize() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 16)
            var length: UInt32 = 0
            let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
            precondition(ok == 1 && length == 16, "libcrypto MD5 final failed")
            return out
        }
    }
}
