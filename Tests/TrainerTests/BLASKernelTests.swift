import Testing

@testable import Trainer

@Suite("BLAS kernel selection")
struct BLASKernelTests {
    @Test func picksTheWidestKernelTheCPUSupports() {
        #expect(
            BLASKernel.bestCore(flags: ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"]) == "SkylakeX")
        #expect(BLASKernel.bestCore(flags: ["avx512f", "avx2", "fma"]) == "Haswell")
        #expect(BLASKernel.bestCore(flags: ["sse3", "sse4_2"]) == nil)
    }

    @Test func theLoadedBLASIsOpenBLAS() {
        // setup.sh installs libopenblas0-pthread, which becomes libblas.so.3 for libtorch.
        #expect(BLASKernel.loadedCoreName() != nil)
    }
}
