import Glibc

/// Reserves the disk blocks of a download before its parallel ranged parts write into it: a download that does not
/// fit fails at once with ENOSPC instead of after most of its bytes, the file is laid out in few extents, and ext4
/// skips reserving blocks write by write. The file's size is left alone (FALLOC_FL_KEEP_SIZE), so the length check
/// after the download still sees only what was written.
enum FilePreallocation {
    typealias Fallocate = @convention(c) (Int32, Int32, off_t, off_t) -> Int32

    /// `fallocate` (glibc 2.10; Swift's Glibc module leaves it out, it is declared only under `_GNU_SOURCE`).
    private static let fallocate: Fallocate? = {
        guard let symbol = dlsym(nil, "fallocate64") ?? dlsym(nil, "fallocate") else { return nil }
        return unsafeBitCast(symbol, to: Fallocate.self)
    }()
    private static let keepSize: Int32 = 0x01  // FALLOC_FL_KEEP_SIZE

    /// Creates `path` if needed and reserves `size` bytes for it. Blocking: run it off the concurrency pool.
    /// Throws only when the space is not there; file systems without fallocate simply go without.
    static func reserve(_ size: Int64, for path: String) throws(S3Error) {
        guard size > 0, let fallocate else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fileSystem(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var result: Int32
        repeat { result = fallocate(descriptor, keepSize, 0, off_t(size)) } while result != 0 && errno == EINTR
        if result != 0 && (errno == ENOSPC || errno == EDQUOT || errno == EFBIG) {
            throw .fileSystem(path: path, message: "no room for \(size) bytes: \(String(cString: strerror(errno)))")
        }
    }
}
