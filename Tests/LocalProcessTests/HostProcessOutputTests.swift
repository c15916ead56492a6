import Foundation
import Synchronization
import Testing

@testable import LocalProcess

@Suite struct HostProcessOutputTests {
    @Test func deliversLinesInOrderWithTimestamps() async throws {
        let before = Date()
        let (process, output) = try launchScript("printf 'one\\ntwo\\n'; sleep 0.05; echo three")
        #expect(await process.waitForExit() == .exited(code: 0))
        let after = Date()
        let lines = output.all
        #expect(lines.map(\.text) == ["one", "two", "three"])
        #expect(lines.allSatisfy { $0.timestamp >= before && $0.timestamp <= after })
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        #expect(lines[2].timestamp.timeIntervalSince(lines[0].timestamp) >= 0.04)
        #expect(lines[0].epochMilliseconds == Int64((lines[0].timestamp.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    @Test func mergesStandardOutputAndStandardError() async throws {
        let (process, output) = try launchScript("echo out1; echo err1 >&2; echo out2; echo err2 1>&2")
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["out1", "err1", "out2", "err2"])
    }

    @Test func deliversFinalUnterminatedLineAndStripsCRLF() async throws {
        let (process, output) = try launchScript("printf 'a\\r\\nb\\n\\nlast'")
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["a", "b", "", "last"])
    }

    @Test func cutsVeryLongLines() async throws {
        let (process, output) = try launchScript("head -c 600000 /dev/zero | tr '\\0' a; echo; echo after")
        #expect(await process.waitForExit() == .exited(code: 0))
        let lines = output.texts
        let bound = ProcessLaunch.defaultMaximumLineLength
        #expect(lines.map(\.utf8.count) == [bound, bound, 600_000 - 2 * bound, 5])
        #expect(lines.last == "after")
    }

    @Test func replacesInvalidUTF8() async throws {
        let (process, output) = try launchScript("printf 'ok\\377\\376end\\n'")
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["ok\u{FFFD}\u{FFFD}end"])
    }

    @Test func reportsExitOnlyAfterAllOutputEvenWithASlowConsumer() async throws {
        // The consumer is slower than the child: the pipe fills, the child blocks, the leader's
        // exit comes long before the last line is delivered, yet is reported after it.
        let delivered = Mutex(0)
        let launch = ProcessLaunch(
            executable: "seq", arguments: ["1", "20000"], environment: testEnvironment, workingDirectory: "/tmp")
        let process = try HostProcess.launch(launch, logger: testLogger) { line in
            let count = delivered.withLock { count in
                count += 1
                return count
            }
            if count.isMultiple(of: 2000) { usleep(20_000) }
        }
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(delivered.withLock { $0 } == 20000)
    }

    @Test func consumerSlowerThanTheDrainTimeoutLosesNothing() async throws {
        // The leader writes less than a pipe's capacity and exits at once, while the consumer is
        // still busy with the first line for longer than the drain timeout.
        let delivered = Mutex(0)
        let launch = ProcessLaunch(
            executable: "seq", arguments: ["1", "5000"], environment: testEnvironment, workingDirectory: "/tmp",
            outputDrainTimeout: .milliseconds(50))
        let process = try HostProcess.launch(launch, logger: testLogger) { _ in
            if delivered.withLock({ count in
                count += 1; return count
            }) == 1 {
                usleep(300_000)
            }
        }
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(delivered.withLock { $0 } == 5000)
    }

    @Test func standardInputIsDevNull() async throws {
        let (process, output) = try launchScript("cat; echo done; readlink /proc/self/fd/0")
        #expect(await process.waitForExit() == .exited(code: 0))
        #expect(output.texts == ["done", "/dev/null"])
    }
}
