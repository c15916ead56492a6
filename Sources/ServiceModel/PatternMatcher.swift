import Foundation

/// A model pattern compiled once, matched the way AWS applies it: Java's `matches()`, a full match.
struct PatternMatcher: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable after creation and documented as thread-safe.

    private enum Strategy {
        /// `[\S\s]*` and the like: every string matches.
        case anything
        /// `.*` or `.+`: no Java line terminator, optionally non-empty.
        case singleLine(allowsEmpty: Bool)
        /// Anything else, wrapped as `\A(?:…)\z`.
        case regex(NSRegularExpression)
    }

    /// The pattern exactly as the model states it.
    let pattern: String
    private let strategy: Strategy

    /// Compiles `pattern`; throws when ICU cannot compile its translation.
    init(pattern: String) throws(ServiceModelLoadError) {
        self.pattern = pattern
        switch Self.unanchored(pattern) {
        case "[\\S\\s]*", "[\\s\\S]*", "(?s).*":
            strategy = .anything
        case ".*":
            strategy = .singleLine(allowsEmpty: true)
        case ".+":
            strategy = .singleLine(allowsEmpty: false)
        default:
            let translated = JavaRegexTranslator.icuPattern(fromJava: pattern)
            do {
                strategy = .regex(try NSRegularExpression(pattern: "\\A(?:\(translated))\\z"))
            } catch {
                throw ServiceModelLoadError("Pattern \(pattern) does not compile (as \(translated)): \(error)")
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
            return !text.unicodeScalars.contains { scalar in
                switch scalar.value {
                case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
                default: false
                }
            }
        case .regex(let expression):
            let range = NSRange(location: 0, length: text.utf16.count)
            return expression.firstMatch(in: text, options: [], range: range) != nil
        }
    }

    /// The pattern without a leading `^` and a trailing `$` (no-ops under a full match).
    private static func unanchored(_ pattern: String) -> Substring {
        var body = Substring(pattern)
        if body.hasPrefix("^") { body = body.dropFirst() }
        if body.hasSuffix("$") && !body.hasSuffix("\\$") { body = body.dropLast() }
        return body
    }
}
