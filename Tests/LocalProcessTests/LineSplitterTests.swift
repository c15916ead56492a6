import Testing

@testable import LocalProcess

@Suite struct LineSplitterTests {
    private func split(_ chunks: [[UInt8]], maximumLineLength: Int = 1024) -> [String] {
        var splitter = LineSplitter(maximumLineLength: maximumLineLength)
        var lines: [String] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        }
        splitter.finish { lines.append($0) }
        return lines
    }

    private func split(_ chunks: [String], maximumLineLength: Int = 1024) -> [String] {
        split(chunks.map { Array($0.utf8) }, maximumLineLength: maximumLineLength)
    }

    @Test func splitsOnNewlineAndCRLF() {
        #expect(split(["a\nb\r\nc\n"]) == ["a", "b", "c"])
    }

    @Test func keepsEmptyLinesAndLoneCarriageReturns() {
        #expect(split(["\n\nx\ry\n"]) == ["", "", "x\ry"])
    }

    @Test func joinsLinesAcrossChunks() {
        #expect(split(["hel", "lo\r", "\nwor", "ld\n"]) == ["hello", "world"])
    }

    @Test func deliversFinalUnterminatedLine() {
        #expect(split(["a\nlast"]) == ["a", "last"])
        #expect(split(["a\n"]) == ["a"])
    }

    @Test func cutsOverlongLines() {
        let lines = split([String(repeating: "x", count: 25) + "\nshort\n"], maximumLineLength: 10)
        #expect(lines == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx", "short"])
    }

    @Test func lineOfExactlyTheBoundIsWhole() {
        #expect(split(["0123456789\n"], maximumLineLength: 10) == ["0123456789"])
    }

    @Test func cutBeforeCarriageReturnDoesNotAddEmptyLine() {
        #expect(split(["0123456789\r\nnext\n"], maximumLineLength: 10) == ["0123456789", "next"])
    }

    @Test func cutsBeforeAMultibyteSequence() {
        // "é" is 2 bytes, "€" 3: a cut at byte 10 would land inside the 4th "€".
        let lines = split(["a€€€€\n"], maximumLineLength: 10)
        #expect(lines == ["a€€€", "€"])
        #expect(!lines.joined().contains("\u{FFFD}"))
    }

    @Test func replacesInvalidUTF8() {
        #expect(split([[0x6F, 0x6B, 0xFF, 0xFE, 0x21, 0x0A]]) == ["ok\u{FFFD}\u{FFFD}!"])
    }
}
