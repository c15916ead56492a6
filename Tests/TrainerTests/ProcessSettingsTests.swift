import Glibc
import Testing

@testable import Trainer

@Suite("Process settings: OpenBLAS threads and malloc", .serialized)
struct ProcessSettingsTests {
    @Test func openBLASRunsOnTheCallingThreadUnlessTheEnvironmentChose() {
        if getenv(BLASThreads.variable) == nil {
            #expect(BLASThreads.useCallingThreadOnly())
            #expect(BLASThreads.current() == 1)
        } else {
            let before = BLASThreads.current()
            #expect(!BLASThreads.useCallingThreadOnly())
            #expect(BLASThreads.current() == before)
        }
    }

    @Test func mallocKeepsFreedMemoryUnlessTunablesAreSet() {
        let variables: [String] = ["GLIBC_TUNABLES", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]
        let tuned = variables.contains { getenv($0) != nil }
        #expect(HeapReuse.keepFreedMemory() == !tuned)
    }
}
