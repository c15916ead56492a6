/// Splits a byte stream into lines with bounded memory.
///
/// Lines end at `\n`; a `\r` right before it is dropped too. A line longer than
/// `maximumLineLength` bytes is delivered in pieces of at most that size, cut before a UTF-8
/// sequence rather than inside it. `finish` delivers a final line that has no terminator.
/// Bytes are decoded as UTF-8 with invalid sequences replaced by U+FFFD.
struct LineSplitter {
    /// The largest piece delivered, in bytes.
    let maximumLineLength: Int
    private var pending: [UInt8] = []
    /// Set when the last delivery was a cut piece, so that a terminator right after the cut
    /// does not produce an extra empty line.
    private var lastDeliveryWasCut = false

    /// Creates a splitter; `maximumLineLength` is raised to at least 4 (one UTF-8 sequence).
    init(maximumLineLength: Int) {
        self.maximumLineLength = max(4, maximumLineLength)
        pending.reserveCapacity(min(self.maximumLineLength, 64 * 1024))
    }

    /// Feeds bytes, delivering each completed line (or cut piece) to `deliver`.
    mutating func append(_ bytes: UnsafeRawBufferPointer, deliver: (String) -> Void) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            if let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                pending.append(contentsOf: bytes[start..<newline])
                cutOverlongPieces(deliver: deliver)
                endLine(deliver: deliver)
                start = newline + 1
            } else {
                pending.append(contentsOf: bytes[start...])
                cutOverlongPieces(deliver: deliver)
                start = bytes.endIndex
            }
        }
    }

    /// Ends the stream, delivering a final unterminated line if there is one.
    mutating func finish(deliver: (String) -> Void) {
        if !pending.isEmpty { endLine(deliver: deliver) }
    }

    private mutating func endLine(deliver: (String) -> Void) {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        if !(pending.isEmpty && lastDeliveryWasCut) {
            deliver(String(decoding: pending, as: UTF8.self))
        }
        pending.removeAll(keepingCapacity: true)
        lastDeliveryWasCut = false
    }

    private mutating func cutOverlongPieces(deliver: (String) -> Void) {
        guard pending.count > maximumLineLength else { return }
        var start = 0
        while pending.count - start > maximumLineLength {
            var cut = start + maximumLineLength
            // pending[cut] starts the next piece: back off over up to 3 continuation bytes
            // (10xxxxxx) to the sequence's lead byte, unless the run is not valid UTF-8 anyway.
            var candidate = cut
            while candidate > cut - 3, Self.isContinuation(pending[candidate]) { candidate -= 1 }
            if !Self.isContinuation(pending[candidate]), candidate > start { cut = candidate }
            deliver(String(decoding: pending[start..<cut], as: UTF8.self))
            start = cut
        }
        pending.removeFirst(start)
        lastDeliveryWasCut = true
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
