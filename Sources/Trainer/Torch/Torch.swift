import CTorch

/// Process-wide libtorch settings.
enum Torch {
    /// The libtorch version the shim was built against.
    static var version: String { String(cString: ctorch_version()) }

    /// The number of intra-op threads libtorch uses.
    static var threads: Int { Int(ctorch_get_num_threads()) }

    /// Sets the number of intra-op threads (Debian's libtorch defaults to one).
    static func setThreads(_ count: Int) throws(TorchError) {
        try TorchError.check(ctorch_set_num_threads(Int32(clamping: count)), "setting \(count) threads")
    }

    /// Seeds libtorch's default generator: weight initialization and dropout.
    static func seed(_ seed: UInt64) throws(TorchError) {
        try TorchError.check(ctorch_manual_seed(seed), "seeding libtorch")
    }
}
