import ArgumentParser
import Foundation

/// A size in bytes given on the command line: a plain number of bytes, or one with a unit (`KiB`, `MiB`, `GiB`,
/// `TiB`; `KB`, `MB`, `GB`, `TB` and `K`, `M`, `G`, `T` mean the same powers of 1024, as in the AWS CLI).
struct ByteCount: ExpressibleByArgument, Sendable, Equatable {
    /// The size in bytes.
    var bytes: Int64

    /// A size of `bytes` bytes.
    init(bytes: Int64) {
        self.bytes = bytes
    }

    /// Parses `16MiB`, `16 MB`, `8388608`; nil when the text is not a non-negative size.
    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let number = Double(digits), number >= 0 else { return nil }
        let exponents: [String: Int] = [
            "": 0, "b": 0, "k": 1, "kb": 1, "kib": 1, "m": 2, "mb": 2, "mib": 2, "g": 3, "gb": 3, "gib": 3,
            "t": 4, "tb": 4, "tib": 4,
        ]
        guard let exponent = exponents[unit] else { return nil }
        var multiplier = 1.0
        for _ in 0..<exponent { multiplier *= 1024 }
        let value = number * multiplier
        guard value < 9.0e18, value == value.rounded(.down) else { return nil }
        bytes = Int64(value)
    }

    /// `1.5 MiB`, `512 B`: binary units with one decimal.
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var index = 0
        while value >= 1024 && index < units.count - 1 {
            value /= 1024
            index += 1
        }
        if index == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[index])"
    }
}
