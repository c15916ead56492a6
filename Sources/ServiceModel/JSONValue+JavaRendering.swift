extension JSONValue {
    /// The value as AWS's Java services render it in validation messages: strings bare, lists as
    /// `[a, b]`, maps and structures as `{k1=v1, k2=v2}` (keys sorted, as JSON order is not kept).
    var javaRendering: String {
        var output = ""
        appendJavaRendering(to: &output)
        return output
    }

    private func appendJavaRendering(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .int(let value):
            output += String(value)
        case .double(let value):
            output += Self.javaDouble(value)
        case .string(let value):
            output += value
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.appendJavaRendering(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += ", " }
                output += key
                output += "="
                value.appendJavaRendering(to: &output)
            }
            output += "}"
        }
    }

    /// Java's `Double.toString`: decimal form for 1e-3 <= |x| < 1e7 ("1.0", "0.5"), otherwise
    /// computerized scientific notation ("1.0E7", "1.5E-5"); "NaN" and "Infinity" as Java has them.
    static func javaDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let magnitude = value.magnitude
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            return value.description
        }
        // Swift's description has the shortest round-trip digits; re-place the decimal point.
        var text = Substring(magnitude.description)
        var exponent = 0
        if let marker = text.firstIndex(of: "e") {
            exponent = Int(text[text.index(after: marker)...].drop { $0 == "+" }) ?? 0
            text = text[..<marker]
        }
        let pointOffset = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        let allDigits = text.filter { $0 != "." }
        guard let first = allDigits.firstIndex(where: { $0 != "0" }) else { return value.description }
        exponent += pointOffset - allDigits.distance(from: allDigits.startIndex, to: first) - 1
        var significant = allDigits[first...]
        while significant.count > 1 && significant.last == "0" { significant = significant.dropLast() }
        let fraction = significant.dropFirst()
        let mantissa = "\(significant.first ?? "0").\(fraction.isEmpty ? "0" : String(fraction))"
        return (value < 0 ? "-" : "") + mantissa + "E" + String(exponent)
    }
}
