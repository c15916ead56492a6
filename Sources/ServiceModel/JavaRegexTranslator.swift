/// Rewrites a Java regular expression into ICU syntax with Java's meaning.
///
/// ICU and `java.util.regex` share their syntax but not every meaning: Java's `\w`, `\d`, `\s`
/// and `\p{Alnum}` are ASCII-only, and Java's `.` excludes fewer line terminators. This rewrites
/// those into explicit ASCII classes; everything else passes through unchanged.
enum JavaRegexTranslator {
    private static let javaDotExclusions = #"\n\r\x{85}\x{2028}\x{2029}"#
    private static let asciiWhitespace = #" \t\n\x{0B}\f\r"#

    /// The ICU pattern equivalent to `pattern`.
    static func icuPattern(fromJava pattern: String) -> String {
        let characters = Array(pattern)
        var output = ""
        var classDepth = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                if next == "p" || next == "P", let (name, end) = propertyName(in: characters, at: index + 2),
                    name == "Alnum"
                {
                    output +=
                        classDepth > 0
                        ? (next == "p" ? "a-zA-Z0-9" : "[^a-zA-Z0-9]") : (next == "p" ? "[a-zA-Z0-9]" : "[^a-zA-Z0-9]")
                    index = end
                    continue
                }
                if let replacement = shorthand(next, insideClass: classDepth > 0) {
                    output += replacement
                } else {
                    output.append(character)
                    output.append(next)
                }
                index += 2
                continue
            }
            switch character {
            case "[":
                classDepth += 1
                output.append(character)
                if index + 1 < characters.count, characters[index + 1] == "^" {
                    output.append("^")
                    index += 1
                }
                // A "]" right after "[" or "[^" is a literal in Java.
                if index + 1 < characters.count, characters[index + 1] == "]" {
                    output += #"\]"#
                    index += 1
                }
            case "]" where classDepth > 0:
                classDepth -= 1
                output.append(character)
            case "." where classDepth == 0:
                output += "[^\(javaDotExclusions)]"
            default:
                output.append(character)
            }
            index += 1
        }
        return output
    }

    /// The ICU text for a shorthand class escape (`\w`, `\d`, `\s` and their negations).
    private static func shorthand(_ letter: Character, insideClass: Bool) -> String? {
        let positive: String
        switch letter {
        case "w", "W": positive = "a-zA-Z_0-9"
        case "d", "D": positive = "0-9"
        case "s", "S": positive = asciiWhitespace
        default: return nil
        }
        if letter.isLowercase {
            return insideClass ? positive : "[\(positive)]"
        }
        return "[^\(positive)]"
    }

    /// Reads `{Name}` at `start`; returns the name and the index after the closing brace.
    private static func propertyName(in characters: [Character], at start: Int) -> (String, Int)? {
        guard start < characters.count, characters[start] == "{" else { return nil }
        var end = start + 1
        while end < characters.count, characters[end] != "}" { end += 1 }
        guard end < characters.count else { return nil }
        return (String(characters[(start + 1)..<end]), end + 1)
    }
}
