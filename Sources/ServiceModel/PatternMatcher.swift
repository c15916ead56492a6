import Foundation

/// A model pattern compiled once, matched the way AWS applies it: Java's `matches()`, a full match.
struct PatternMatcher: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable after creation and documented as thread-safe.

    private enum Strategy {
        /// `[\S\s]*` and the like: every string matches.
        case anything
        /// `.*` or `.+`: no Java line terminator, optionally non-empty.
        case singleLine(allowsEmpty: Bool)
        /// One character class repeated (`[A-Za-z0-9\-]+`): ASCII input is checked against a
        /// bitmap that ICU itself filled in at compile time; other input goes to the regex.
        case characterClass(ASCIISet, allowsEmpty: Bool, fallback: NSRegularExpression)
        /// Anything else, wrapped as `\A(?:…)\z`.
        case regex(NSRegularExpression)
    }

    /// The pattern exactly as the model states it.
    let pattern: String
    private let strategy: Strategy

    /// Compiles `pattern`; throws when ICU cannot compile its translation.
    init(pattern: String) throws(ServiceModelLoadError) {
        self.pattern = pattern
        let body = Self.unanchored(pattern)
        switch body {
        case "[\\S\\s]*", "[\\s\\S]*", "(?s).*":
            strategy = .anything
        case ".*":
            strategy = .singleLine(allowsEmpty: true)
        case ".+":
            strategy = .singleLine(allowsEmpty: false)
        default:
            let regex = try Self.compile(JavaRegexTranslator.icuPattern(fromJava: pattern), source: pattern)
            if let (characterClass, quantifier) = Self.repeatedClass(body) {
                let single = try Self.compile(
                    JavaRegexTranslator.icuPattern(fromJava: String(characterClass)), source: pattern)
                strategy = .characterClass(ASCIISet(matching: single), allowsEmpty: quantifier == "*", fallback: regex)
            } else {
                strategy = .regex(regex)
            }
        }
    }

    /// Whether the whole of `text` matches the pattern.
    func matches(_ text: String) -> Bool {
        switch strategy {
        case .anything:
            return true
        case .singleLine(let allowsEmpty):
            if text.isEmpty { return allowsEmpty }
            for byte in text.utf8 {
                if byte == 0x0A || byte == 0x0D { return false }
                if byte == 0xC2 || byte == 0xE2 {
                    // Possibly U+0085, U+2028 or U+2029.
                    return !text.unicodeScalars.contains { [0x85, 0x2028, 0x2029].contains($0.value) }
                }
            }
            return true
        case .characterClass(let set, let allowsEmpty, let fallback):
            if text.isEmpty { return allowsEmpty }
            for byte in text.utf8 {
                if byte >= 0x80 { return Self.fullMatch(fallback, text) }
                if !set.contains(byte) { return false }
            }
            return true
        case .regex(let expression):
            return Self.fullMatch(expression, text)
        }
    }

    private static func fullMatch(_ expression: NSRegularExpression, _ text: String) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    private static func compile(
        _ translated: String, source: String
    ) throws(ServiceModelLoadError) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: "\\A(?:\(translated))\\z")
        } catch {
            throw ServiceModelLoadError("Pattern \(source) does not compile (as \(translated)): \(error)")
        }
    }

    /// The pattern without a leading `^` and a trailing `$` (no-ops under a full match).
    private static func unanchored(_ pattern: String) -> Substring {
        var body = Substring(pattern)
        if body.hasPrefix("^") { body = body.dropFirst() }
        if body.hasSuffix("$") && !body.hasSuffix("\\$") { body = body.dropLast() }
        return body
    }

    /// For `[…]*`, `[…]+` or the same in one group, the class (with brackets) and the quantifier.
    private static func repeatedClass(_ body: Substring) -> (Substring, Character)? {
        var body = body
        if body.hasPrefix("("), body.hasSuffix(")"), !body.hasPrefix("(?") {
            body = body.dropFirst().dropLast()
        }
        guard let quantifier = body.last, quantifier == "*" || quantifier == "+", body.first == "[" else { return nil }
        let characterClass = body.dropLast()
        // The class must close only at its end: no nested classes, no other closing bracket.
        var index = characterClass.index(after: characterClass.startIndex)
        if index < characterClass.endIndex, characterClass[index] == "^" { index = characterClass.index(after: index) }
        while index < characterClass.endIndex {
            let character = characterClass[index]
            if character == "\\" {
                index =
                    characterClass.index(index, offsetBy: 2, limitedBy: characterClass.endIndex)
                    ?? characterClass.endIndex
                continue
            }
            if character == "[" || character == "&" { return nil }
            if character == "]" {
                return characterClass.index(after: index) == characterClass.endIndex
                    ? (characterClass, quantifier) : nil
            }
            index = characterClass.index(after: index)
        }
        return nil
    }
}

/// A set of ASCII bytes as a 128-bit bitmap.
struct ASCIISet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The ASCII characters that `expression` matches on their own.
    init(matching expression: NSRegularExpression) {
        for byte in UInt8(0)..<0x80 {
            let text = String(UnicodeScalar(byte))
            if expression.firstMatch(in: text, options: [], range: NSRange(location: 0, length: 1)) != nil {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
        }
    }

    /// Whether `byte` (below 0x80) is in the set.
    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : high & (1 << UInt64(byte - 64)) != 0
    }
}
