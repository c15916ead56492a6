import Glibc

/// The fields of `/proc/<pid>/stat` that identify a process and tell whether it still runs.
struct ProcessStatus: Equatable {
    /// The state letter (field 3): R, S, D, Z, X...
    let state: UInt8
    /// Field 22: start time in clock ticks since boot.
    let startTime: UInt64

    /// A zombie or a dead process: it runs no more even though its entry still exists.
    var isDead: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") || state == UInt8(ascii: "x") }

    static func read(_ processID: Int32) -> ProcessStatus? {
        guard processID > 0, let bytes = readFile("/proc/\(processID)/stat") else { return nil }
        return parse(bytes)
    }

    /// Parses a stat line; field 2, the command name in parentheses, may itself contain spaces
    /// and parentheses, so fields are counted from the last ')'.
    static func parse(_ bytes: [UInt8]) -> ProcessStatus? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19, let state = fields[0].first,
            let startTime = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        return ProcessStatus(state: state, startTime: startTime)
    }

    /// Reads a small file whole (proc files report size 0, so read to end of file).
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                contents.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return contents
            } else if errno != EINTR {
                return nil
            }
        }
    }
}
