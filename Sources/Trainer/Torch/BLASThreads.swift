import Glibc

/// Runs OpenBLAS on the calling thread only, so that its worker threads do not fight libtorch's.
///
/// Debian's libtorch runs its operators on an OpenMP pool of `num_threads` threads and calls the system BLAS for
/// the fully connected layers. OpenBLAS's pthread build, the one `libopenblas0-pthread` installs, keeps a pool of
/// its own with one thread per core, and both pools spin for a while after each call waiting for the next: on
/// a 2-core machine four busy threads preempted each other and a training step took about 1.4 times as long. The
/// trainer therefore gives OpenBLAS one thread (the calling one); the convolutions, most of the work, still run on
/// all of libtorch's threads through oneDNN. An `OPENBLAS_NUM_THREADS` set by the user or the image is respected.
enum BLASThreads {
    static let variable = "OPENBLAS_NUM_THREADS"

    /// Sets OpenBLAS's thread count to 1 unless the environment chose one; false when the BLAS is not OpenBLAS.
    @discardableResult
    static func useCallingThreadOnly() -> Bool {
        guard getenv(variable) == nil else { return false }
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else {
            return false
        }
        unsafeBitCast(symbol, to: SetThreads.self)(1)
        return true
    }

    /// The number of threads OpenBLAS uses now, or nil when the BLAS is not OpenBLAS.
    static func current() -> Int? {
        typealias GetThreads = @convention(c) () -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_num_threads") else {
            return nil
        }
        return Int(unsafeBitCast(symbol, to: GetThreads.self)())
    }
}
