import Glibc
import Testing

@testable import LocalProcess

@Suite struct HostProcessExitTests {
    @Test(arguments: [Int32(0), 3, 255])
    func reportsExitCodes(code: Int32) async throws {
        let (process, _) = try launchScript("exit \(code)")
        let termination = await process.waitForExit()
        #expect(termination == .exited(code: code))
        #expect(termination.isSuccess == (code == 0))
        #expect(process.termination == termination)
    }

    @Test func reportsDeathBySignal() async throws {
        let (process, _) = try launchScript("kill -KILL $$")
        let termination = await process.waitForExit()
        #expect(termination == .signaled(signal: SIGKILL))
        #expect(!termination.isSuccess)
        #expect(termination.description == "killed by signal 9 (SIGKILL)")
    }

    @Test func signalReachesTheWholeGroup() async throws {
        let (process, output) = try launchScript("sleep 1000 & echo $!; wait")
        let sleeper = try #require(await output.waitForLine { Int32($0) != nil }.flatMap { Int32($0) })
        process.signal(SIGKILL)
        #expect(await process.waitForExit() == .signaled(signal: SIGKILL))
        #expect(!isRunning(sleeper))
        process.signal(SIGKILL)  // a no-op once reaped
    }

    @Test func terminateEndsAChildThatHonoursSIGTERM() async throws {
        let (process, _) = try launchScript("exec sleep 1000")
        #expect(process.termination == nil)
        let start = ContinuousClock.now
        let termination = await process.terminate(gracePeriod: .seconds(5))
        #expect(termination == .signaled(signal: SIGTERM))
        #expect(ContinuousClock.now - start < .seconds(60))  // not the sleeper's 1000 s
    }

    @Test func terminateKillsAChildThatIgnoresSIGTERMAfterTheGracePeriod() async throws {
        let (process, output) = try launchScript("trap '' TERM; echo ready; while :; do sleep 0.05; done")
        #expect(await output.waitForLine { $0 == "ready" } != nil)
        let start = ContinuousClock.now
        let termination = await process.terminate(gracePeriod: .milliseconds(500))
        let elapsed = ContinuousClock.now - start
        #expect(termination == .signaled(signal: SIGKILL))
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(60))  // not the sleeper's 1000 s
    }

    @Test func backgroundGrandchildIsKilledWhenTheLeaderExits() async throws {
        let start = ContinuousClock.now
        let (process, output) = try launchScript("sleep 1000 & echo $!; exit 4")
        #expect(await process.waitForExit() == .exited(code: 4))
        #expect(ContinuousClock.now - start < .seconds(60))  // not the sleeper's 1000 s
        let sleeper = try #require(output.texts.first.flatMap { Int32($0) })
        #expect(!isRunning(sleeper))
    }

    @Test func descendantThatLeftTheGroupDoesNotHoldTheExitForever() async throws {
        // `setsid` puts the sleeper in a session of its own, out of reach of the group kill; it
        // keeps the output open, so the exit is reported after the drain timeout.
        let start = ContinuousClock.now
        let (process, output) = try launchScript(
            "setsid sh -c 'echo $$; exec sleep 1000' & sleep 0.2; echo leader-done",
            drainTimeout: .milliseconds(300))
        #expect(await process.waitForExit() == .exited(code: 0))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(60))  // not the sleeper's 1000 s
        #expect(output.texts.contains("leader-done"))
        let escaped = try #require(output.texts.first.flatMap { Int32($0) })
        #expect(isRunning(escaped))
        #expect(ProcessIdentity.killGroup(escaped, signal: SIGKILL))
    }

    @Test func manyConcurrentWaitersAllSeeTheTermination() async throws {
        let (process, _) = try launchScript("sleep 0.2; exit 7")
        let results = await withTaskGroup(of: ProcessTermination.self) { group in
            for _ in 0..<50 { group.addTask { await process.waitForExit() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0 == .exited(code: 7) })
        #expect(await process.waitForExit() == .exited(code: 7))
        #expect(await process.terminate(gracePeriod: .seconds(1)) == .exited(code: 7))
    }
}
