import CCrypto

/// Compares two byte strings in time independent of where they differ (the length is not secret).
func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    let left = Array(lhs)
    let right = Array(rhs)
    guard left.count == right.count else { return false }
    guard !left.isEmpty else { return true }
    return left.withUnsafeBytes { l in
        right.withUnsafeBytes { r in
            CRYPTO_memcmp(l.baseAddress, r.baseAddress, l.count) == 0
        }
    }
}
