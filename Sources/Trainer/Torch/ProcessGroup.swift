import CTorch

/// A c10d Gloo process group for data-parallel training; leaves the group when freed.
final class ProcessGroup {
    /// A reduction for `allReduce`.
    enum Reduction: Sendable {
        /// Element-wise sum.
        case sum
        /// Element-wise minimum.
        case min
        /// Element-wise maximum.
        case max

        var shim: Int32 {
            switch self {
            case .sum: CTORCH_REDUCE_SUM
            case .min: CTORCH_REDUCE_MIN
            case .max: CTORCH_REDUCE_MAX
            }
        }
    }

    let handle: OpaquePointer
    /// This process's rank.
    let rank: Int
    /// The number of ranks.
    let size: Int

    /// Joins the group: rank 0 serves the TCPStore at `master`; blocks until every rank has joined.
    init(
        master: String, port: Int, rank: Int, size: Int, timeoutSeconds: Int, bucketBytes: Int
    ) throws(TorchError) {
        var handle: OpaquePointer?
        let status = ctorch_process_group_create(
            master, Int32(clamping: port), Int32(clamping: rank), Int32(clamping: size),
            Int32(clamping: timeoutSeconds), Int64(bucketBytes), &handle)
        try TorchError.check(status, "joining the process group at \(master):\(port) as rank \(rank) of \(size)")
        self.handle = handle!
        self.rank = rank
        self.size = size
    }

    deinit { ctorch_process_group_free(handle) }

    /// Whether training steps average fc1's weight gradient from its all-gathered factors (the default) or
    /// all-reduce it with the other gradients. Every rank must choose the same.
    func gatherLinearGradient(_ enabled: Bool) throws(TorchError) {
        try TorchError.check(
            ctorch_process_group_set_gathered_linear_gradient(handle, enabled ? 1 : 0), "choosing the fc1 exchange")
    }

    /// Reduces `values` element-wise across ranks; every rank gets the result.
    func allReduce(_ values: [Double], _ reduction: Reduction) throws(TorchError) -> [Double] {
        var result = values
        let status = result.withUnsafeMutableBufferPointer { buffer in
            ctorch_process_group_allreduce(handle, buffer.baseAddress, Int64(buffer.count), reduction.shim)
        }
        try TorchError.check(status, "an all-reduce")
        return result
    }

    /// Gives every rank rank `root`'s parameters, as DDP does before training.
    func broadcastParameters(of model: TorchModel, from root: Int = 0) throws(TorchError) {
        try TorchError.check(
            ctorch_process_group_broadcast_parameters(handle, model.handle, Int32(root)), "broadcasting parameters")
    }

    /// Waits for every rank.
    func barrier() throws(TorchError) {
        try TorchError.check(ctorch_process_group_barrier(handle), "a barrier")
    }
}
