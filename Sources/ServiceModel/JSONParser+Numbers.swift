extension JSONParser {
    /// Powers of ten that are exact in a `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a number per the RFC 8259 grammar: `.int` when it has no fraction or exponent and fits.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("Invalid number") }
        // Integer part, accumulated negatively so that Int64.min fits.
        var accumulator: Int64 = 0
        var overflow = false
        var mantissa: UInt64 = 0
        var significantDigits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw failure("Leading zeros are not allowed in numbers")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = bytes[index] - UInt8(ascii: "0")
                if !overflow {
                    let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(Int64(digit))
                    overflow = o1 || o2
                    accumulator = next
                }
                accumulate(digit, into: &mantissa, count: &significantDigits)
                index += 1
            }
        }
        var decimalExponent = 0
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw failure("Invalid number, expected a digit after '.'")
            }
            while index < bytes.count, isDigit(bytes[index]) {
                accumulate(bytes[index] - UInt8(ascii: "0"), into: &mantissa, count: &significantDigits)
                decimalExponent -= 1
                index += 1
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw failure("Invalid number, expected a digit in the exponent")
            }
            var exponent = 0
            while index < bytes.count, isDigit(bytes[index]) {
                exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 100_000)
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if isInteger && !overflow {
            if negative { return .int(accumulator) }
            if accumulator != .min { return .int(-accumulator) }
        }
        // Exact fast path (Clinger): the mantissa and the power of ten are both exact doubles.
        if significantDigits <= 19, mantissa <= 1 << 53, abs(decimalExponent) <= 22 {
            let power = Self.exactPowersOfTen[abs(decimalExponent)]
            let magnitude = decimalExponent < 0 ? Double(mantissa) / power : Double(mantissa) * power
            return .double(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure("Number is out of the range of a double", at: start)
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Adds a digit to the mantissa, skipping leading zeros; more than 19 digits disables the fast path.
    private func accumulate(_ digit: UInt8, into mantissa: inout UInt64, count: inout Int) {
        if count == 0 && digit == 0 { return }
        count += 1
        if count <= 19 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
        }
    }
}
