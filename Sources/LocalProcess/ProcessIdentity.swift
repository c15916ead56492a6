import Glibc

/// A process told apart from any later process that reuses its ID: the ID, the start time
/// and the boot it started in.
///
/// The server records the identity of each host process; after a restart, `isAlive()` says
/// whether that very process still runs, and `killGroup` ends the group it leads.
public struct ProcessIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The process ID.
    public let processID: Int32
    /// The start time in clock ticks since boot (`/proc/<pid>/stat` field 22).
    public let startTime: UInt64
    /// The kernel's boot ID (`/proc/sys/kernel/random/boot_id`); start times count from that boot.
    public let bootID: String

    /// Creates an identity from recorded values.
    public init(processID: Int32, startTime: UInt64, bootID: String) {
        self.processID = processID
        self.startTime = startTime
        self.bootID = bootID
    }

    /// The identity of the process that has `processID` now, or nil if there is none.
    public static func current(of processID: Int32) -> ProcessIdentity? {
        guard let status = ProcessStatus.read(processID) else { return nil }
        return ProcessIdentity(processID: processID, startTime: status.startTime, bootID: currentBootID())
    }

    /// Whether this very process still runs: same ID, same start time, same boot, and not a zombie.
    public func isAlive() -> Bool {
        guard let status = ProcessStatus.read(processID) else { return false }
        return status.startTime == startTime && !status.isDead && Self.currentBootID() == bootID
    }

    /// Sends `signal` to every process in the group `groupID`; true when at least one received it.
    /// Refuses (returns false) group IDs 0 and 1, which `kill` would take as "our group" and
    /// "every process", and the caller's own group.
    @discardableResult
    public static func killGroup(_ groupID: Int32, signal: Int32) -> Bool {
        guard groupID > 1, groupID != getpgrp() else { return false }
        return kill(-groupID, signal) == 0
    }

    /// "pid 1234 (start 5678)".
    public var description: String { "pid \(processID) (start \(startTime))" }

    static func currentBootID() -> String {
        guard let bytes = ProcessStatus.readFile("/proc/sys/kernel/random/boot_id") else { return "" }
        return String(decoding: bytes, as: UTF8.self).trimmingTrailingNewlines()
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last?.isNewline == true { result.removeLast() }
        return result
    }
}
