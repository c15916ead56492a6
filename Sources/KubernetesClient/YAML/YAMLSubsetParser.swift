import ServiceModel

/// A strict parser for the YAML subset that kubeconfig files use, into `JSONValue`.
///
/// Supported: block mappings and sequences (including sequences at their key's indentation, as kubectl writes
/// them), flow mappings and sequences (so JSON documents too), plain, single- and double-quoted scalars (also
/// spanning lines), literal and folded block scalars, comments, and one optional `---` document start. Plain
/// scalars resolve with YAML 1.2's core schema (`true`/`false`, `null`/`~`, integers, floats; `yes`/`on` stay
/// strings). Anything else (anchors, aliases, tags, directives, complex keys, several documents, tabs in
/// indentation, duplicate keys) is an error naming the line, never a guess.
struct YAMLSubsetParser {
    static let maxDepth = 64

    var lines: [[UInt8]]
    /// The line the block parser is at.
    var index = 0
    var depth = 0

    init(text: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        lines = bytes.split(separator: ASCII.newline, omittingEmptySubsequences: false).map { line in
            line.last == ASCII.carriageReturn ? Array(line.dropLast()) : Array(line)
        }
    }

    /// Parses one document; an empty document is `null`.
    static func parse(_ text: String) throws(YAMLSyntaxError) -> JSONValue {
        var parser = YAMLSubsetParser(text: text)
        return try parser.parseDocument()
    }

    mutating func parseDocument() throws(YAMLSyntaxError) -> JSONValue {
        try checkDocumentMarkers()
        skipIgnorable()
        guard let indent = try currentIndent() else { return .null }
        let value = try parseBlockNode(indent: indent, parentIndent: -1)
        skipIgnorable()
        if index < lines.count { throw error("unexpected content after the document (bad indentation?)") }
        return value
    }

    // MARK: Document markers

    /// Accepts one leading `---`, refuses directives and further documents, and drops a final `...`.
    private mutating func checkDocumentMarkers() throws(YAMLSyntaxError) {
        var sawContent = false
        for number in lines.indices {
            let line = lines[number]
            if line.first == ASCII.percent && !sawContent {
                throw YAMLSyntaxError(line: number + 1, problem: "YAML directives are not supported")
            }
            if Self.isMarker(line, ASCII.hyphen) {
                guard !sawContent else {
                    throw YAMLSyntaxError(line: number + 1, problem: "several documents in one file are not supported")
                }
                guard Self.isIgnorable(line, from: 3) else {
                    throw YAMLSyntaxError(line: number + 1, problem: "content on the `---` line is not supported")
                }
                lines[number] = []
                sawContent = true
                continue
            }
            if Self.isMarker(line, ASCII.period) {
                guard lines[(number + 1)...].allSatisfy({ Self.isIgnorable($0, from: 0) }) else {
                    throw YAMLSyntaxError(line: number + 1, problem: "several documents in one file are not supported")
                }
                lines.removeSubrange(number...)
                return
            }
            if !Self.isIgnorable(line, from: 0) { sawContent = true }
        }
    }

    private static func isMarker(_ line: [UInt8], _ character: UInt8) -> Bool {
        line.count >= 3 && line[0] == character && line[1] == character && line[2] == character
            && (line.count == 3 || line[3] == ASCII.space || line[3] == ASCII.tab)
    }

    // MARK: Block structure

    /// Parses the node that starts on the current line at column `indent`.
    mutating func parseBlockNode(indent: Int, parentIndent: Int) throws(YAMLSyntaxError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        if Self.isSequenceEntry(lines[index], at: indent) { return try parseSequence(indent: indent) }
        if try mappingKey(in: lines[index], at: indent) != nil { return try parseMapping(indent: indent) }
        return try parseInlineValue(column: indent, parentIndent: parentIndent)
    }

    private mutating func parseMapping(indent: Int) throws(YAMLSyntaxError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        while true {
            skipIgnorable()
            guard let lineIndent = try currentIndent(), lineIndent >= indent else { break }
            guard lineIndent == indent else { throw error("unexpected indentation") }
            let line = lines[index]
            if Self.isSequenceEntry(line, at: indent) {
                throw error("a sequence entry where a mapping key was expected")
            }
            guard let (key, valueColumn) = try mappingKey(in: line, at: indent) else {
                throw error("expected `key: value`")
            }
            guard members[key] == nil else { throw error("duplicate key \"\(key)\"") }
            let column = Self.firstContent(in: line, from: valueColumn)
            if Self.isIgnorable(line, from: column) {
                index += 1
                skipIgnorable()
                if let next = try currentIndent(), next > indent {
                    members[key] = try parseBlockNode(indent: next, parentIndent: indent)
                } else if let next = try currentIndent(), next == indent, Self.isSequenceEntry(lines[index], at: indent)
                {
                    members[key] = try parseSequence(indent: indent)
                } else {
                    members[key] = .null
                }
            } else {
                members[key] = try parseInlineValue(column: column, parentIndent: indent)
            }
        }
        return .object(members)
    }

    private mutating func parseSequence(indent: Int) throws(YAMLSyntaxError) -> JSONValue {
        var items: [JSONValue] = []
        while true {
            skipIgnorable()
            guard let lineIndent = try currentIndent(), lineIndent >= indent else { break }
            guard lineIndent == indent else { throw error("unexpected indentation") }
            guard Self.isSequenceEntry(lines[index], at: indent) else { break }
            let column = Self.firstContent(in: lines[index], from: indent + 1)
            if Self.isIgnorable(lines[index], from: column) {
                index += 1
                skipIgnorable()
                if let next = try currentIndent(), next > indent {
                    items.append(try parseBlockNode(indent: next, parentIndent: indent))
                } else {
                    items.append(.null)
                }
            } else {
                // The entry's content is a node at its own column: blank out "- " so that the following lines of
                // a mapping entry (`- name: x` then `  cluster: ...`) line up with it.
                for position in indent..<column { lines[index][position] = ASCII.space }
                items.append(try parseBlockNode(indent: column, parentIndent: indent))
            }
        }
        return .array(items)
    }

    /// The key of a `key: value` entry starting at `column`, and the column after its colon; nil when the line
    /// holds no mapping entry there.
    func mappingKey(in line: [UInt8], at column: Int) throws(YAMLSyntaxError) -> (String, Int)? {
        let first = line[column]
        if first == ASCII.doubleQuote || first == ASCII.singleQuote {
            var cursor = Cursor(line: index, column: column)
            let key = try parseQuoted(&cursor, singleLine: true)
            var position = cursor.column
            while position < line.count && line[position] == ASCII.space { position += 1 }
            guard position < line.count, line[position] == ASCII.colon, Self.endsIndicator(line, at: position + 1)
            else { return nil }
            return (key, position + 1)
        }
        if first == ASCII.openBrace || first == ASCII.openBracket { return nil }
        if first == ASCII.questionMark && Self.endsIndicator(line, at: column + 1) {
            throw error("complex mapping keys (`? `) are not supported")
        }
        try checkIndicator(first)
        var position = column
        while position < line.count {
            let character = line[position]
            if character == ASCII.hash && line[position - 1] == ASCII.space { return nil }
            if character == ASCII.colon && Self.endsIndicator(line, at: position + 1) {
                let key = String(decoding: line[column..<position], as: UTF8.self)
                return (key.trimmingTrailingSpaces(), position + 1)
            }
            position += 1
        }
        return nil
    }

    // MARK: Lines

    /// Moves past blank and comment-only lines.
    mutating func skipIgnorable() {
        while index < lines.count && Self.isIgnorable(lines[index], from: 0) { index += 1 }
    }

    /// The indentation of the current line; nil at the end. Tabs may not indent.
    func currentIndent() throws(YAMLSyntaxError) -> Int? {
        guard index < lines.count else { return nil }
        let indent = Self.firstContent(in: lines[index], from: 0)
        if indent < lines[index].count && lines[index][indent] == ASCII.tab {
            throw error("tabs are not allowed in indentation")
        }
        return indent
    }

    static func isSequenceEntry(_ line: [UInt8], at column: Int) -> Bool {
        column < line.count && line[column] == ASCII.hyphen && endsIndicator(line, at: column + 1)
    }

    /// Whether the position is the end of the line or a space (what must follow `:` and `-` indicators).
    static func endsIndicator(_ line: [UInt8], at position: Int) -> Bool {
        position >= line.count || line[position] == ASCII.space || line[position] == ASCII.tab
    }

    /// The first column from `column` that is neither a space nor (after the indentation) a tab.
    static func firstContent(in line: [UInt8], from column: Int) -> Int {
        var position = column
        while position < line.count && line[position] == ASCII.space { position += 1 }
        return position
    }

    /// Whether the rest of the line from `column` is blank or a comment.
    static func isIgnorable(_ line: [UInt8], from column: Int) -> Bool {
        var position = column
        while position < line.count && (line[position] == ASCII.space || line[position] == ASCII.tab) {
            position += 1
        }
        return position >= line.count || line[position] == ASCII.hash
    }

    /// Refuses the indicators outside the subset at the start of a node.
    func checkIndicator(_ character: UInt8) throws(YAMLSyntaxError) {
        switch character {
        case ASCII.ampersand: throw error("anchors (`&`) are not supported")
        case ASCII.asterisk: throw error("aliases (`*`) are not supported")
        case ASCII.exclamation: throw error("tags (`!`) are not supported")
        case ASCII.at, ASCII.backtick: throw error("a plain scalar cannot start with a reserved indicator")
        default: return
        }
    }

    func error(_ problem: String, line: Int? = nil) -> YAMLSyntaxError {
        YAMLSyntaxError(line: (line ?? index) + 1, problem: problem)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
