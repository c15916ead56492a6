import Foundation
import Glibc
import Testing

@testable import S3Client

/// The disk blocks a ranged download reserves before its parts arrive.
@Suite("Download file preallocation")
struct FilePreallocationTests {
    @Test func reservesTheBlocksButKeepsTheSizeAtZero() throws {
        let path = NSTemporaryDirectory() + "prealloc-\(UUID().uuidString)"
        defer { unlink(path) }
        try FilePreallocation.reserve(8 * 1024 * 1024, for: path)
        var info = stat()
        try #require(stat(path, &info) == 0, "the file is created")
        #expect(info.st_size == 0, "the size grows only with what is written, so the length check stays honest")
        #expect(Int64(info.st_blocks) * 512 >= 8 * 1024 * 1024, "the blocks are reserved")
    }

    @Test func aDownloadThatCannotFitFailsAtOnce() throws {
        let path = NSTemporaryDirectory() + "prealloc-\(UUID().uuidString)"
        defer { unlink(path) }
        // 1 PiB: beyond ext4's largest file (EFBIG) and any test machine's free space (ENOSPC).
        #expect {
            try FilePreallocation.reserve(1 << 50, for: path)
        } throws: { error in
            guard case S3Error.fileSystem(let failing, let message) = error else { return false }
            return failing == path && message.hasPrefix("no room for 1125899906842624 bytes")
        }
    }
}
