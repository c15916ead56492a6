import Testing

@testable import Trainer

@Suite("Distributed sampler")
struct DistributedSamplerTests {
    @Test(arguments: [(10, 1), (10, 2), (10, 3), (7, 4), (3, 5)])
    func ranksGetDisjointEqualShardsCoveringTheDataSet(samples: Int, world: Int) {
        let shards = (0..<world).map {
            DistributedSampler(sampleCount: samples, worldSize: world, rank: $0, shuffle: true, seed: 42)
                .indices(epoch: 1)
        }
        let perRank = (samples + world - 1) / world
        #expect(shards.allSatisfy { $0.count == perRank })
        let all = shards.flatMap { $0 }
        #expect(Set(all) == Set(0..<Int64(samples)), "every sample is seen")
        #expect(all.count - Set(all).count == perRank * world - samples, "only the padding repeats")
    }

    @Test func shardsInterleaveOnePermutation() {
        let whole = DistributedSampler(sampleCount: 12, worldSize: 1, rank: 0, shuffle: true, seed: 5).indices(epoch: 2)
        let rank1 = DistributedSampler(sampleCount: 12, worldSize: 2, rank: 1, shuffle: true, seed: 5).indices(epoch: 2)
        #expect(rank1 == stride(from: 1, to: 12, by: 2).map { whole[$0] })
        #expect(Set(whole) == Set(0..<12))
    }

    @Test func orderDependsOnSeedAndEpochOnly() {
        let sampler = DistributedSampler(sampleCount: 100, worldSize: 1, rank: 0, shuffle: true, seed: 1)
        #expect(sampler.indices(epoch: 1) == sampler.indices(epoch: 1))
        #expect(sampler.indices(epoch: 1) != sampler.indices(epoch: 2))
        let other = DistributedSampler(sampleCount: 100, worldSize: 1, rank: 0, shuffle: true, seed: 2)
        #expect(other.indices(epoch: 1) != sampler.indices(epoch: 1))
        let ordered = DistributedSampler(sampleCount: 5, worldSize: 2, rank: 0, shuffle: false, seed: 1)
        #expect(ordered.indices(epoch: 3) == [0, 2, 4])
        #expect(
            DistributedSampler(sampleCount: 5, worldSize: 2, rank: 1, shuffle: false, seed: 1).indices(epoch: 3) == [
                1, 3, 0,
            ])
    }

    @Test func splitMixIsStable() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)  // SplitMix64's published first output for seed 0
    }
}
