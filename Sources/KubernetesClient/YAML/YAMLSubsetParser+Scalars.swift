import ServiceModel

extension YAMLSubsetParser {
    /// A plain scalar in block context, with its continuation lines (more indented than `parentIndent`) folded.
    mutating func parsePlainScalar(column: Int, parentIndent: Int) throws(YAMLSyntaxError) -> JSONValue {
        var text = try plainLine(lines[index], from: column)
        index += 1
        var pendingBreaks = 0
        var lookahead = index
        var isMultiline = false
        while lookahead < lines.count {
            let line = lines[lookahead]
            if line.allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }) {
                pendingBreaks += 1
                lookahead += 1
                continue
            }
            let indent = Self.firstContent(in: line, from: 0)
            guard indent > parentIndent, line[indent] != ASCII.hash else { break }
            let continuation = try plainLine(line, from: indent, lineNumber: lookahead)
            text +=
                pendingBreaks == 0 ? " " + continuation : String(repeating: "\n", count: pendingBreaks) + continuation
            pendingBreaks = 0
            isMultiline = true
            lookahead += 1
            index = lookahead
        }
        return isMultiline ? .string(text) : Self.resolvePlain(text)
    }

    /// One line's part of a plain scalar: up to a comment, without trailing spaces. `: ` is refused (a mapping
    /// entry where a scalar is, usually a wrong indentation).
    private func plainLine(_ line: [UInt8], from column: Int, lineNumber: Int? = nil) throws(YAMLSyntaxError) -> String
    {
        var end = line.count
        var position = column
        while position < line.count {
            let character = line[position]
            if character == ASCII.hash && position > column
                && (line[position - 1] == ASCII.space || line[position - 1] == ASCII.tab)
            {
                end = position
                break
            }
            if character == ASCII.colon && Self.endsIndicator(line, at: position + 1) {
                throw error("a mapping entry is not allowed here (check the indentation)", line: lineNumber)
            }
            position += 1
        }
        return String(decoding: line[column..<end], as: UTF8.self).trimmingTrailingSpaces()
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `column`, with `-`/`+` chomping.
    mutating func parseBlockScalar(column: Int, parentIndent: Int) throws(YAMLSyntaxError) -> String {
        let header = lines[index]
        let isFolded = header[column] == ASCII.greaterThan
        var chomping: UInt8?
        var position = column + 1
        if position < header.count && (header[position] == ASCII.hyphen || header[position] == ASCII.plus) {
            chomping = header[position]
            position += 1
        }
        if position < header.count && (0x31...0x39).contains(header[position]) {
            throw error("explicit indentation indicators in block scalars are not supported")
        }
        guard Self.isIgnorable(header, from: position),
            position >= header.count || header[position] != ASCII.hash
                || header[position - 1] == ASCII.space
        else { throw error("unexpected content after a block scalar header") }
        index += 1
        var contentIndent: Int?
        var content: [String] = []
        while index < lines.count {
            let line = lines[index]
            let indent = Self.firstContent(in: line, from: 0)
            if indent >= line.count {
                content.append("")
                index += 1
                continue
            }
            if contentIndent == nil {
                guard indent > parentIndent else { break }
                contentIndent = indent
            }
            guard let contentIndent, indent >= contentIndent else { break }
            content.append(String(decoding: line[contentIndent...], as: UTF8.self))
            index += 1
        }
        // Trailing blank lines belong to the scalar only for chomping; give back those that were lines after it.
        var trailing = 0
        while let last = content.last, last.isEmpty {
            content.removeLast()
            trailing += 1
        }
        var text = isFolded ? Self.fold(content) : content.joined(separator: "\n")
        switch chomping {
        case ASCII.hyphen: break
        case ASCII.plus: text += String(repeating: "\n", count: content.isEmpty ? trailing : trailing + 1)
        default: if !content.isEmpty { text += "\n" }
        }
        return text
    }

    /// Folds block scalar lines: a break between two unindented lines becomes a space, empty lines become breaks.
    private static func fold(_ lines: [String]) -> String {
        var text = ""
        var previous: String?
        for line in lines {
            if let previous {
                if line.isEmpty {
                    text += "\n"
                } else if !previous.isEmpty {
                    text += previous.hasPrefix(" ") || line.hasPrefix(" ") ? "\n" : " "
                }
            }
            text += line
            previous = line
        }
        return text
    }

    /// Resolves a plain scalar with YAML 1.2's core schema.
    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let integer = integerValue(text) { return .int(integer) }
        if isDecimalNumber(text), let double = Double(text) { return .double(double) }
        return .string(text)
    }

    private static func integerValue(_ text: String) -> Int64? {
        if text.hasPrefix("0x"), text.count > 2 { return Int64(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o"), text.count > 2 { return Int64(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isDecimalNumber(_ text: String) -> Bool {
        var characters = Substring(text)
        if characters.first == "-" || characters.first == "+" { characters = characters.dropFirst() }
        let mantissaEnd = characters.firstIndex { $0 == "e" || $0 == "E" } ?? characters.endIndex
        let mantissa = characters[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.allSatisfy(isDigits), mantissa.contains(where: { $0.isASCII && $0.isNumber }) else { return false }
        guard mantissaEnd < characters.endIndex else { return true }
        var exponent = characters[characters.index(after: mantissaEnd)...]
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && isDigits(exponent)
    }
}
