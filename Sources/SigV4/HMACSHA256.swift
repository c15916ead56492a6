import CCrypto

/// HMAC-SHA256 through libcrypto's one-shot `HMAC`.
enum HMACSHA256 {
    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    static func authenticate(_ message: some Collection<UInt8>, key: [UInt8]) -> [UInt8] {
        precondition(!key.isEmpty, "SigV4 HMAC keys are never empty")
        // A one-byte buffer stands in for an empty message so that no pointer is ever nil.
        let count = message.count
        let data = count == 0 ? [0] : Array(message)
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBufferPointer { dataBytes in
                out.withUnsafeMutableBufferPointer { outBytes in
                    HMAC(
                        EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                        dataBytes.baseAddress, count, outBytes.baseAddress, &length
                    )
                }
            }
        }
        precondition(result != nil && length == UInt32(SHA256_DIGEST_LENGTH), "libcrypto HMAC-SHA256 failed")
        return out
    }
}
