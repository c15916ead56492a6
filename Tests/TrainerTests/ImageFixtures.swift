import CImageCodec
import CZlib
import Foundation
import Testing

/// Generated image-folder data sets: PNG and JPEG files, and zip archives of them.
enum ImageFixtures {
    /// A `size` x `size` image (`channels` 1 or 3) whose left or right half is bright, with some texture.
    static func pixels(brightLeft: Bool, variant: Int, size: Int, channels: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: size * size * channels)
        for y in 0..<size {
            for x in 0..<size {
                let bright = (x < size / 2) == brightLeft
                for c in 0..<channels {
                    let noise = (x * 7 + y * 13 + variant * 29 + c * 5) % 40
                    pixels[(y * size + x) * channels + c] = UInt8(bright ? 200 + noise / 2 : 30 + noise)
                }
            }
        }
        return pixels
    }

    /// PNG (or JPEG) bytes of `pixels`.
    static func encode(_ pixels: [UInt8], size: Int, channels: Int, jpeg: Bool) throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status =
            jpeg
            ? cimage_encode_jpeg(
                pixels, Int32(size), Int32(size), Int32(channels), 95, &buffer, &length, &message, message.count)
            : cimage_encode_png(
                pixels, Int32(size), Int32(size), Int32(channels), &buffer, &length, &message, message.count)
        try #require(status == CIMAGE_OK, "\(String(cString: message))")
        defer { cimage_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    /// Files of two classes, `left` and `right`, `perClass` each, alternating PNG and JPEG: relative path → bytes.
    static func twoClasses(
        perClass: Int, size: Int = 20, channels: Int = 3, prefix: String = ""
    ) throws
        -> [(String, [UInt8])]
    {
        var files: [(String, [UInt8])] = []
        for (name, left) in [("left", true), ("right", false)] {
            for index in 0..<perClass {
                let jpeg = index % 2 == 1
                let bytes = try encode(
                    pixels(brightLeft: left, variant: index, size: size, channels: channels), size: size,
                    channels: channels, jpeg: jpeg)
                files.append(("\(prefix)\(name)/\(index).\(jpeg ? "jpg" : "png")", bytes))
            }
        }
        return files
    }

    /// Writes `files` under `directory`.
    static func write(_ files: [(String, [UInt8])], under directory: String) throws {
        for (path, bytes) in files { try TestSupport.write(bytes, to: directory + "/" + path) }
    }

    /// A zip archive of `files`: the first stored, the rest deflated.
    static func zip(_ files: [(String, [UInt8])]) throws -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for (index, (path, bytes)) in files.enumerated() {
            let data = index == 0 ? bytes : try deflateRaw(bytes)
            let crc = UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
            let name = Array(path.utf8)
            let method: UInt16 = index == 0 ? 0 : 8
            let offset = UInt32(archive.count)
            archive +=
                le32(0x0403_4b50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(data.count)) + le32(UInt32(bytes.count)) + le16(UInt16(name.count)) + le16(0) + name
                + data
            directory +=
                le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(data.count)) + le32(UInt32(bytes.count)) + le16(UInt16(name.count)) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let start = UInt32(archive.count)
        return archive + directory + le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(files.count))
            + le16(UInt16(files.count)) + le32(UInt32(directory.count)) + le32(start) + le16(0)
    }

    private static func deflateRaw(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        try #require(
            deflateInit2_(
                &stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
                == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        try #require(status == Z_STREAM_END)
        return Array(output.prefix(Int(stream.total_out)))
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xffff)) + le16(UInt16(value >> 16)) }
}
