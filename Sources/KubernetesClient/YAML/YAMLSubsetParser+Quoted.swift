extension YAMLSubsetParser {
    /// Parses a single- or double-quoted scalar at the cursor and moves past its closing quote. Line breaks fold
    /// as YAML says: one becomes a space, each further empty line a `\n`; `\` ends a double-quoted line without one.
    func parseQuoted(_ cursor: inout Cursor, singleLine: Bool) throws(YAMLSyntaxError) -> String {
        let startLine = cursor.line
        let quote = lines[cursor.line][cursor.column]
        let isDouble = quote == ASCII.doubleQuote
        var bytes: [UInt8] = []
        var position = cursor.column + 1
        var line = cursor.line
        while true {
            let text = lines[line]
            guard position < text.count else {
                // A line break inside the scalar: fold it.
                guard !singleLine, line + 1 < lines.count else {
                    throw error("unterminated quoted scalar", line: startLine)
                }
                while let last = bytes.last, last == ASCII.space || last == ASCII.tab { bytes.removeLast() }
                var breaks = 1
                line += 1
                while line + 1 < lines.count && lines[line].allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }) {
                    breaks += 1
                    line += 1
                }
                bytes.append(
                    contentsOf: breaks == 1 ? [ASCII.space] : Array(repeating: ASCII.newline, count: breaks - 1))
                position = 0
                while position < lines[line].count
                    && (lines[line][position] == ASCII.space || lines[line][position] == ASCII.tab)
                {
                    position += 1
                }
                continue
            }
            let character = text[position]
            if character == quote {
                if !isDouble && position + 1 < text.count && text[position + 1] == ASCII.singleQuote {
                    bytes.append(ASCII.singleQuote)
                    position += 2
                    continue
                }
                cursor = Cursor(line: line, column: position + 1)
                return String(decoding: bytes, as: UTF8.self)
            }
            if isDouble && character == ASCII.backslash {
                if position + 1 >= text.count {
                    // An escaped line break: join with the next line, without a space.
                    guard !singleLine, line + 1 < lines.count else {
                        throw error("unterminated quoted scalar", line: startLine)
                    }
                    line += 1
                    position = Self.firstContent(in: lines[line], from: 0)
                    continue
                }
                position = try unescape(text, at: position + 1, into: &bytes, line: line)
                continue
            }
            bytes.append(character)
            position += 1
        }
    }

    /// Appends the character of the escape sequence after a backslash; returns the position after it.
    private func unescape(
        _ text: [UInt8], at start: Int, into bytes: inout [UInt8], line: Int
    ) throws(YAMLSyntaxError) -> Int {
        let simple: [UInt8: [UInt8]] = [
            0x30: [0], 0x61: [7], 0x62: [8], 0x74: [9], ASCII.tab: [9], 0x6E: [10], 0x76: [11], 0x66: [12],
            0x72: [13], 0x65: [27], ASCII.space: [32], ASCII.doubleQuote: [34], 0x2F: [47], ASCII.backslash: [92],
            0x4E: [0xC2, 0x85], 0x5F: [0xC2, 0xA0], 0x4C: [0xE2, 0x80, 0xA8], 0x50: [0xE2, 0x80, 0xA9],
        ]
        let code = text[start]
        if let replacement = simple[code] {
            bytes.append(contentsOf: replacement)
            return start + 1
        }
        let digits: Int
        switch code {
        case 0x78: digits = 2  // \xXX
        case 0x75: digits = 4  // \uXXXX
        case 0x55: digits = 8  // \UXXXXXXXX
        default: throw error("unknown escape sequence `\\\(Character(Unicode.Scalar(code)))`", line: line)
        }
        guard var scalar = Self.hexValue(text, from: start + 1, digits: digits) else {
            throw error("malformed escape sequence", line: line)
        }
        var end = start + 1 + digits
        // A UTF-16 surrogate pair written as two \u escapes (as JSON does).
        if digits == 4, (0xD800..<0xDC00).contains(scalar), end + 5 < text.count + 1,
            end + 1 < text.count, text[end] == ASCII.backslash, text[end + 1] == 0x75,
            let low = Self.hexValue(text, from: end + 2, digits: 4), (0xDC00..<0xE000).contains(low)
        {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            end += 6
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("escape of an invalid code point", line: line) }
        bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
        return end
    }

    private static func hexValue(_ text: [UInt8], from start: Int, digits: Int) -> UInt32? {
        guard start + digits <= text.count else { return nil }
        var value: UInt32 = 0
        for byte in text[start..<(start + digits)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
