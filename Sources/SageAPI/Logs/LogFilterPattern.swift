/// A CloudWatch Logs filter pattern over unstructured lines: terms that must all appear (`ERROR Exception`),
/// quoted phrases (`"epoch 1"`), terms of which any may appear (`?ERROR ?WARN`) and terms that must not (`-DEBUG`).
/// Matching is case-sensitive, as CloudWatch's is. JSON and space-delimited patterns are refused.
struct LogFilterPattern: Sendable, Equatable {
    /// A pattern this parser does not support.
    struct Unsupported: Error, Equatable { let pattern: String }

    private(set) var required: [String] = []
    private(set) var optional: [String] = []
    private(set) var excluded: [String] = []

    /// Parses `text`; an empty pattern matches everything.
    init(_ text: String) throws(Unsupported) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") || trimmed.hasPrefix("%") {
            throw Unsupported(pattern: text)
        }
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            while index < trimmed.endIndex, trimmed[index] == " " { index = trimmed.index(after: index) }
            guard index < trimmed.endIndex else { break }
            var kind: Character = " "
            if trimmed[index] == "?" || trimmed[index] == "-" {
                kind = trimmed[index]
                index = trimmed.index(after: index)
            }
            var term = ""
            if index < trimmed.endIndex, trimmed[index] == "\"" {
                index = trimmed.index(after: index)
                while index < trimmed.endIndex, trimmed[index] != "\"" {
                    term.append(trimmed[index])
                    index = trimmed.index(after: index)
                }
                if index < trimmed.endIndex { index = trimmed.index(after: index) }
            } else {
                while index < trimmed.endIndex, trimmed[index] != " " {
                    term.append(trimmed[index])
                    index = trimmed.index(after: index)
                }
            }
            guard !term.isEmpty else { continue }
            switch kind {
            case "?": optional.append(term)
            case "-": excluded.append(term)
            default: required.append(term)
            }
        }
    }

    /// Whether `message` matches.
    func matches(_ message: String) -> Bool {
        for term in required where !message.contains(term) { return false }
        for term in excluded where message.contains(term) { return false }
        if !optional.isEmpty, !optional.contains(where: { message.contains($0) }) { return false }
        return true
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: set.contains).reversed().drop(while: set.contains).reversed())
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t"]
}
