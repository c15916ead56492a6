import CZlib

/// The files of a .zip archive in memory (stored or deflated entries; no ZIP64, no encryption).
struct ZipArchive: Sendable {
    /// One file entry.
    struct Entry: Sendable {
        /// Its path inside the archive.
        let path: String
        fileprivate let method: UInt16
        fileprivate let crc: UInt32
        fileprivate let compressedSize: Int
        fileprivate let size: Int
        fileprivate let dataOffset: Int
    }

    private let bytes: [UInt8]
    /// The file entries (directories left out), in archive order.
    let entries: [Entry]
    /// The archive's name, for errors.
    let name: String

    /// Reads the central directory of `bytes`.
    init(_ bytes: [UInt8], name: String) throws(TrainerError) {
        self.bytes = bytes
        self.name = name
        let end = try Self.endOfCentralDirectory(bytes, name: name)
        let count = Int(Self.u16(bytes, end + 10))
        let directorySize = Int(Self.u32(bytes, end + 12))
        let directoryOffset = Int(Self.u32(bytes, end + 16))
        guard count != 0xffff, directoryOffset != 0xffff_ffff else {
            throw .data("\(name): ZIP64 archives are not supported")
        }
        guard directoryOffset + directorySize <= end else { throw .data("\(name): corrupt zip central directory") }
        var entries: [Entry] = []
        var header = directoryOffset
        for _ in 0..<count {
            guard header + 46 <= end, Self.u32(bytes, header) == 0x0201_4b50 else {
                throw .data("\(name): corrupt zip central directory entry at offset \(header)")
            }
            let nameLength = Int(Self.u16(bytes, header + 28))
            guard header + 46 + nameLength <= end else { throw .data("\(name): corrupt zip entry name") }
            let path = String(decoding: bytes[header + 46..<header + 46 + nameLength], as: UTF8.self)
            let flags = Self.u16(bytes, header + 8)
            let local = Int(Self.u32(bytes, header + 42))
            let entry = Entry(
                path: path, method: Self.u16(bytes, header + 10), crc: Self.u32(bytes, header + 16),
                compressedSize: Int(Self.u32(bytes, header + 20)), size: Int(Self.u32(bytes, header + 24)),
                dataOffset: local + 30
                    + (local + 30 <= bytes.count
                        ? Int(Self.u16(bytes, local + 26)) + Int(Self.u16(bytes, local + 28)) : 0))
            header += 46 + nameLength + Int(Self.u16(bytes, header + 30)) + Int(Self.u16(bytes, header + 32))
            if path.hasSuffix("/") { continue }
            guard flags & 1 == 0 else { throw .data("\(name): \(path) is encrypted") }
            guard local + 30 <= bytes.count, Self.u32(bytes, local) == 0x0403_4b50 else {
                throw .data("\(name): corrupt local header of \(path)")
            }
            guard entry.dataOffset + entry.compressedSize <= bytes.count else {
                throw .data("\(name): \(path) is truncated")
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The contents of `entry`, checked against its CRC-32.
    func contents(of entry: Entry) throws(TrainerError) -> [UInt8] {
        let data = bytes[entry.dataOffset..<entry.dataOffset + entry.compressedSize]
        let output: [UInt8]
        switch entry.method {
        case 0: output = Array(data)
        case 8: output = try Self.inflateRaw(data, size: entry.size, name: "\(name): \(entry.path)")
        default: throw .data("\(name): \(entry.path) uses unsupported compression method \(entry.method)")
        }
        let crc = output.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        guard output.count == entry.size, UInt32(crc) == entry.crc else {
            throw .data("\(name): \(entry.path) is corrupt (size or CRC-32 mismatch)")
        }
        return output
    }

    private static func inflateRaw(_ data: ArraySlice<UInt8>, size: Int, name: String) throws(TrainerError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .data("zlib could not be initialized")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: size)
        let status = data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw .data("\(name) is corrupt (deflate status \(status))")
        }
        return output
    }

    private static func endOfCentralDirectory(_ bytes: [UInt8], name: String) throws(TrainerError) -> Int {
        guard bytes.count >= 22 else { throw .data("\(name) is not a zip archive (too short)") }
        let lowest = max(0, bytes.count - 22 - 65_535)
        for offset in stride(from: bytes.count - 22, through: lowest, by: -1) where u32(bytes, offset) == 0x0605_4b50 {
            return offset
        }
        throw .data("\(name) is not a zip archive (no end of central directory)")
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
    }
}
