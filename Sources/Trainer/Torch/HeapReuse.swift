import Glibc

/// Keeps freed tensor memory in the process for the next step instead of returning it to the kernel.
///
/// libtorch allocates every activation and gradient with malloc. glibc serves blocks above its mmap threshold
/// (dynamic, at most 32 MiB) with fresh mappings and returns free memory above the trim threshold at once, so
/// large tensors came back as new pages each time: evaluating 10,000 test images in batches of 1000 (86 and
/// 147 MiB activations) took 1.5 million page faults and about 4 CPU-seconds. With blocks up to 256 MiB taken from
/// the heap and up to 1 GiB of free heap kept, the same run takes about 150,000.
enum HeapReuse {
    static let mmapThreshold: Int32 = 256 << 20
    static let trimThreshold: Int32 = 1 << 30
    // <malloc.h>'s parameter numbers (glibc's ABI); Swift's Glibc module does not import malloc.h.
    static let trimThresholdParameter: Int32 = -1  // M_TRIM_THRESHOLD
    static let mmapThresholdParameter: Int32 = -3  // M_MMAP_THRESHOLD

    /// Applies the settings, unless glibc's malloc tunables were set in the environment; true when applied.
    @discardableResult
    static func keepFreedMemory() -> Bool {
        guard getenv("GLIBC_TUNABLES") == nil, getenv("MALLOC_MMAP_THRESHOLD_") == nil,
            getenv("MALLOC_TRIM_THRESHOLD_") == nil
        else { return false }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        return mallopt(mmapThresholdParameter, mmapThreshold) == 1
            && mallopt(trimThresholdParameter, trimThreshold) == 1
    }
}
