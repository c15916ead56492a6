/// A short, stable (process- and platform-independent) hash of a string, for Kubernetes object names.
///
/// FNV-1a 64 over the UTF-8 bytes, rendered as 10 lower-case base-36 digits (the hash modulo 36^10, about 51.7
/// bits). Two distinct names get the same digits with probability about 2^-51.7; among a million jobs in one
/// namespace the chance of any collision is about 1.4e-4. FNV is not collision resistant against a chosen
/// input, so a collision is detected where it matters (creating an object that exists under another name's
/// annotation), never assumed impossible.
enum StableHash {
    /// The number of digits of ``digits(of:)``.
    static let length = 10

    /// FNV-1a 64 of `text`'s UTF-8 bytes.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// ``length`` base-36 digits (0-9, a-z) of `text`'s hash, zero-padded.
    static func digits(of text: String) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var value = fnv1a64(text)
        var result: [Character] = []
        for _ in 0..<length {
            result.append(alphabet[Int(value % 36)])
            value /= 36
        }
        return String(result.reversed())
    }
}
