/// Which samples a rank trains on in an epoch, with the semantics of PyTorch's `DistributedSampler`: one
/// permutation of the data set per epoch from a seed shared by all ranks, padded (by repeating its start) to a
/// multiple of the world size, then dealt out round-robin, so ranks get disjoint shards of equal length.
struct DistributedSampler: Sendable {
    /// Samples in the data set.
    let sampleCount: Int
    /// Number of ranks.
    let worldSize: Int
    /// This rank.
    let rank: Int
    /// Reshuffle every epoch (else the data set's order).
    let shuffle: Bool
    /// Shared by all ranks.
    let seed: UInt64

    /// Samples per rank per epoch: `ceil(sampleCount / worldSize)`.
    var samplesPerRank: Int { (sampleCount + worldSize - 1) / worldSize }

    /// This rank's sample indices for `epoch` (1-based).
    func indices(epoch: Int) -> [Int64] {
        var order = Array(0..<Int64(sampleCount))
        if shuffle {
            var generator = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            generator.shuffle(&order)
        }
        let total = samplesPerRank * worldSize
        var padded = order
        while padded.count < total { padded.append(contentsOf: order.prefix(total - padded.count)) }
        return stride(from: rank, to: total, by: worldSize).map { padded[$0] }
    }
}

/// SplitMix64: a small, fast, seedable generator, identical on every platform and run.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher-Yates with this generator's own bounded draws, so an order never depends on the standard library's
    /// shuffling algorithm.
    mutating func shuffle<Element>(_ array: inout [Element]) {
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, Int(next().multipliedFullWidth(by: UInt64(i + 1)).high))
        }
    }
}
