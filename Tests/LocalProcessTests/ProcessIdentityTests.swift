import Glibc
import Testing

@testable import LocalProcess

@Suite struct ProcessIdentityTests {
    @Test func identityOfALiveProcessIsAliveUntilItExits() async throws {
        let (process, _) = try launchScript("exec sleep 1000")
        let identity = try #require(process.identity)
        #expect(identity == ProcessIdentity.current(of: process.processID))
        #expect(identity.processID == process.processID)
        #expect(!identity.bootID.isEmpty)
        #expect(identity.isAlive())
        #expect(await process.terminate(gracePeriod: .seconds(2)) == .signaled(signal: SIGTERM))
        #expect(!identity.isAlive())
    }

    @Test func reusedProcessIDIsNotMistakenForTheRecordedProcess() throws {
        let own = try #require(ProcessIdentity.current(of: getpid()))
        #expect(own.isAlive())
        let earlier = ProcessIdentity(processID: own.processID, startTime: own.startTime &- 1, bootID: own.bootID)
        #expect(!earlier.isAlive())
        let otherBoot = ProcessIdentity(processID: own.processID, startTime: own.startTime, bootID: "another-boot")
        #expect(!otherBoot.isAlive())
    }

    @Test func missingProcessHasNoIdentity() {
        #expect(ProcessIdentity.current(of: Int32.max) == nil)
        #expect(ProcessIdentity.current(of: 0) == nil)
        #expect(!ProcessIdentity(processID: Int32.max, startTime: 1, bootID: "").isAlive())
    }

    @Test func parsesCommandNamesWithSpacesAndParentheses() {
        var fields = ["S"] + Array(repeating: "0", count: 18) + ["123456", "0", "0"]
        fields[1] = "42"
        let line = "77 (a) b (c) " + fields.joined(separator: " ") + "\n"
        #expect(ProcessStatus.parse(Array(line.utf8)) == ProcessStatus(state: UInt8(ascii: "S"), startTime: 123_456))
        #expect(ProcessStatus.parse(Array("garbage".utf8)) == nil)
    }

    @Test func killGroupEndsTheGroupAndRefusesDangerousIDs() async throws {
        let (process, _) = try launchScript("sleep 1000 & wait")
        #expect(ProcessIdentity.killGroup(process.processID, signal: SIGKILL))
        #expect(await process.waitForExit() == .signaled(signal: SIGKILL))
        #expect(!ProcessIdentity.killGroup(0, signal: 0))
        #expect(!ProcessIdentity.killGroup(1, signal: 0))
        #expect(!ProcessIdentity.killGroup(getpgrp(), signal: 0))
    }
}
