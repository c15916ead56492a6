import Glibc
import Synchronization
import Testing

@testable import LocalProcess

@Suite struct OutputReaderTests {
    /// `F_SETPIPE_SZ` (Linux), not imported by Swift's Glibc module.
    private let setPipeSize: Int32 = 1031

    @Test func drainTimeoutDeliversWhatIsBufferedThenStopsWithoutEndOfFile() throws {
        let output = try PipeDescriptors.open()
        let exitNotice = try PipeDescriptors.open()
        defer { close(output.writeEnd) }  // held open to the end, like a descendant that left the group
        #expect(fcntl(output.writeEnd, setPipeSize, Int32(1 << 20)) >= 0)
        // 200 KB of numbered lines: more than one read of the reader's buffer.
        let text = (1...30000).map { "line \($0)\n" }.joined()
        let bytes = Array(text.utf8)
        #expect(bytes.count > 128 * 1024)
        #expect(bytes.withUnsafeBytes { write(output.writeEnd, $0.baseAddress, $0.count) } == bytes.count)
        close(exitNotice.writeEnd)  // the leader exited

        let delivered = Mutex<[String]>([])
        let reader = OutputReader(
            output: output.readEnd, leaderExitNotice: exitNotice.readEnd, maximumLineLength: 1024,
            drainTimeout: .milliseconds(50), logger: testLogger
        ) { line in
            let count = delivered.withLock { lines in
                lines.append(line.text)
                return lines.count
            }
            if count == 1 { usleep(150_000) }  // slower than the drain timeout
        }
        let start = ContinuousClock.now
        reader.run()
        #expect(ContinuousClock.now - start < .seconds(60))
        let lines = delivered.withLock { $0 }
        #expect(lines.count == 30000)
        #expect(lines.last == "line 30000")
    }

    @Test func endOfFileEndsTheReaderBeforeTheLeaderExits() throws {
        let output = try PipeDescriptors.open()
        let exitNotice = try PipeDescriptors.open()
        defer { close(exitNotice.writeEnd) }
        let bytes = Array("a\nb".utf8)
        #expect(bytes.withUnsafeBytes { write(output.writeEnd, $0.baseAddress, $0.count) } == bytes.count)
        close(output.writeEnd)
        let delivered = Mutex<[String]>([])
        let reader = OutputReader(
            output: output.readEnd, leaderExitNotice: exitNotice.readEnd, maximumLineLength: 1024,
            drainTimeout: .seconds(60), logger: testLogger
        ) { line in delivered.withLock { $0.append(line.text) } }
        reader.run()
        #expect(delivered.withLock { $0 } == ["a", "b"])
    }
}
