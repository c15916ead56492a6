import ServiceModel

extension YAMLSubsetParser {
    /// A position in the document, for nodes that may continue on the following lines.
    struct Cursor {
        var line: Int
        var column: Int
    }

    /// Parses the value that starts at `column` of the current line (after `key:` or `- `), and moves past it.
    mutating func parseInlineValue(column: Int, parentIndent: Int) throws(YAMLSyntaxError) -> JSONValue {
        let line = lines[index]
        let first = line[column]
        switch first {
        case ASCII.verticalBar, ASCII.greaterThan:
            return .string(try parseBlockScalar(column: column, parentIndent: parentIndent))
        case ASCII.doubleQuote, ASCII.singleQuote, ASCII.openBrace, ASCII.openBracket:
            var cursor = Cursor(line: index, column: column)
            let value: JSONValue
            if first == ASCII.openBrace || first == ASCII.openBracket {
                value = try parseFlowNode(&cursor, depth: depth)
            } else {
                value = .string(try parseQuoted(&cursor, singleLine: false))
            }
            guard Self.isIgnorable(lines[cursor.line], from: cursor.column) else {
                throw error("unexpected content after the value", line: cursor.line)
            }
            index = cursor.line + 1
            return value
        default:
            try checkIndicator(first)
            return try parsePlainScalar(column: column, parentIndent: parentIndent)
        }
    }

    // MARK: Flow collections

    /// Parses a flow node (`{...}`, `[...]`, a quoted or plain scalar) that may span lines.
    func parseFlowNode(_ cursor: inout Cursor, depth: Int) throws(YAMLSyntaxError) -> JSONValue {
        guard depth <= Self.maxDepth else {
            throw error("nesting deeper than \(Self.maxDepth) levels", line: cursor.line)
        }
        try skipFlowSpace(&cursor)
        let character = lines[cursor.line][cursor.column]
        switch character {
        case ASCII.openBrace: return try parseFlowMapping(&cursor, depth: depth + 1)
        case ASCII.openBracket: return try parseFlowSequence(&cursor, depth: depth + 1)
        case ASCII.doubleQuote, ASCII.singleQuote: return .string(try parseQuoted(&cursor, singleLine: false))
        case ASCII.verticalBar, ASCII.greaterThan:
            throw error("block scalars are not allowed inside flow collections", line: cursor.line)
        default:
            try checkIndicator(character)
            return Self.resolvePlain(try parseFlowPlain(&cursor))
        }
    }

    private func parseFlowMapping(_ cursor: inout Cursor, depth: Int) throws(YAMLSyntaxError) -> JSONValue {
        let start = cursor.line
        cursor.column += 1
        var members: [String: JSONValue] = [:]
        while true {
            try skipFlowSpace(&cursor, unterminatedFrom: start)
            if lines[cursor.line][cursor.column] == ASCII.closeBrace {
                cursor.column += 1
                return .object(members)
            }
            let keyLine = cursor.line
            let key: String
            switch lines[cursor.line][cursor.column] {
            case ASCII.doubleQuote, ASCII.singleQuote: key = try parseQuoted(&cursor, singleLine: false)
            case ASCII.openBrace, ASCII.openBracket:
                throw error("only scalars can be mapping keys", line: cursor.line)
            case ASCII.questionMark: throw error("complex mapping keys (`? `) are not supported", line: cursor.line)
            default:
                try checkIndicator(lines[cursor.line][cursor.column])
                key = try parseFlowPlain(&cursor)
            }
            guard members[key] == nil else { throw error("duplicate key \"\(key)\"", line: keyLine) }
            try skipFlowSpace(&cursor, unterminatedFrom: start)
            var value = JSONValue.null
            if lines[cursor.line][cursor.column] == ASCII.colon {
                cursor.column += 1
                try skipFlowSpace(&cursor, unterminatedFrom: start)
                let next = lines[cursor.line][cursor.column]
                if next != ASCII.comma && next != ASCII.closeBrace { value = try parseFlowNode(&cursor, depth: depth) }
            }
            members[key] = value
            try skipFlowSpace(&cursor, unterminatedFrom: start)
            switch lines[cursor.line][cursor.column] {
            case ASCII.comma: cursor.column += 1
            case ASCII.closeBrace: continue
            default: throw error("expected `,` or `}` in a flow mapping", line: cursor.line)
            }
        }
    }

    private func parseFlowSequence(_ cursor: inout Cursor, depth: Int) throws(YAMLSyntaxError) -> JSONValue {
        let start = cursor.line
        cursor.column += 1
        var items: [JSONValue] = []
        while true {
            try skipFlowSpace(&cursor, unterminatedFrom: start)
            if lines[cursor.line][cursor.column] == ASCII.closeBracket {
                cursor.column += 1
                return .array(items)
            }
            items.append(try parseFlowNode(&cursor, depth: depth))
            try skipFlowSpace(&cursor, unterminatedFrom: start)
            switch lines[cursor.line][cursor.column] {
            case ASCII.comma: cursor.column += 1
            case ASCII.closeBracket: continue
            case ASCII.colon: throw error("mappings inside flow sequences are not supported", line: cursor.line)
            default: throw error("expected `,` or `]` in a flow sequence", line: cursor.line)
            }
        }
    }

    /// A plain scalar inside a flow collection: up to `,`, `[`, `]`, `{`, `}`, `: ` or a comment, on one line.
    private func parseFlowPlain(_ cursor: inout Cursor) throws(YAMLSyntaxError) -> String {
        let line = lines[cursor.line]
        let start = cursor.column
        var position = start
        scan: while position < line.count {
            switch line[position] {
            case ASCII.comma, ASCII.openBracket, ASCII.closeBracket, ASCII.openBrace, ASCII.closeBrace: break scan
            case ASCII.colon:
                let next = position + 1
                if next >= line.count
                    || [ASCII.space, ASCII.tab, ASCII.comma, ASCII.closeBrace, ASCII.closeBracket]
                        .contains(line[next])
                {
                    break scan
                }
            case ASCII.hash
            where position > start && (line[position - 1] == ASCII.space || line[position - 1] == ASCII.tab):
                break scan
            default: break
            }
            position += 1
        }
        cursor.column = position
        let text = String(decoding: line[start..<position], as: UTF8.self).trimmingTrailingSpaces()
        guard !text.isEmpty else { throw error("expected a value", line: cursor.line) }
        return text
    }

    /// Skips spaces, tabs, line breaks and comments inside a flow collection; the document may not end there.
    private func skipFlowSpace(_ cursor: inout Cursor, unterminatedFrom start: Int? = nil) throws(YAMLSyntaxError) {
        while true {
            let line = lines[cursor.line]
            while cursor.column < line.count && (line[cursor.column] == ASCII.space || line[cursor.column] == ASCII.tab)
            {
                cursor.column += 1
            }
            if cursor.column < line.count && line[cursor.column] != ASCII.hash { return }
            guard cursor.line + 1 < lines.count else {
                throw error("unterminated flow collection", line: start ?? cursor.line)
            }
            cursor = Cursor(line: cursor.line + 1, column: 0)
        }
    }
}
