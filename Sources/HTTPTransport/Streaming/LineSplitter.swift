/// Cuts a byte stream into lines at `\n` (dropping a `\r` before it), holding at most `maxLength` bytes of an
/// unfinished line.
struct LineSplitter {
    let maxLength: Int
    private var partial: [UInt8] = []

    init(maxLength: Int) {
        self.maxLength = maxLength
    }

    /// The lines that `chunk` completes, in order; the rest is kept for the next call.
    mutating func split(_ chunk: [UInt8]) throws(TransportError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: 0x0A) {
            try checkLength(partial.count + (newline - start))
            partial.append(contentsOf: chunk[start..<newline])
            lines.append(Self.withoutCarriageReturn(partial))
            partial.removeAll(keepingCapacity: true)
            start = newline + 1
        }
        try checkLength(partial.count + (chunk.endIndex - start))
        partial.append(contentsOf: chunk[start...])
        return lines
    }

    /// The last line, when the stream did not end with a line break.
    mutating func finish() -> [UInt8]? {
        guard !partial.isEmpty else { return nil }
        defer { partial = [] }
        return Self.withoutCarriageReturn(partial)
    }

    private func checkLength(_ length: Int) throws(TransportError) {
        // One more byte allowed for a `\r` that the line break will drop.
        guard length <= maxLength + 1 else {
            throw TransportError(code: .lineTooLong, message: "a streamed line is too long", limit: maxLength)
        }
    }

    private static func withoutCarriageReturn(_ line: [UInt8]) -> [UInt8] {
        line.last == 0x0D ? Array(line.dropLast()) : line
    }
}
