/// Parses ISO-8601 / RFC 3339 date-times into epoch seconds, without Foundation formatters.
public enum TimestampParser {
    /// A parsed time: whole epoch seconds, and the fraction of a second when one was written.
    struct Parsed {
        var seconds: Int64
        var fraction: Double?
        var milliseconds: Int64
    }

    /// Epoch seconds for `YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm|±hhmm]` (a missing zone means UTC):
    /// `.int` when there is no fractional second, `.double` otherwise; nil when malformed.
    static func epochSeconds(fromISO8601 text: String) -> JSONValue? {
        guard let parsed = parse(text) else { return nil }
        return parsed.fraction.map { .double(Double(parsed.seconds) + $0) } ?? .int(parsed.seconds)
    }

    /// Epoch milliseconds (the fraction cut to whole milliseconds) for the same forms; nil when malformed.
    public static func epochMilliseconds(fromISO8601 text: String) -> Int64? {
        guard let parsed = parse(text) else { return nil }
        return parsed.seconds * 1000 + parsed.milliseconds
    }

    private static func parse(_ text: String) -> Parsed? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                index += 1
            }
            return value
        }
        func expect(_ allowed: UInt8...) -> Bool {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2),
            expect(UInt8(ascii: "-")), let day = number(2),
            expect(UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")),
            let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2),
            expect(UInt8(ascii: ":")), let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        var hasFraction = false
        var milliseconds: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                let digit = bytes[index] - UInt8(ascii: "0")
                fraction += Double(digit) * scale
                if index - start < 3 { milliseconds = milliseconds * 10 + Int64(digit) }
                scale /= 10
                index += 1
            }
            for _ in min(index - start, 3)..<3 { milliseconds *= 10 }
            guard index > start else { return nil }
            hasFraction = true
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds)
        return Parsed(seconds: seconds, fraction: hasFraction ? fraction : nil, milliseconds: milliseconds)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
