import Foundation

/// The trainer's output lines, written straight to standard output (no buffering, so the job's log stream sees
/// each line at once) with a `[RANK n]` prefix where PyTorch's distributed examples put one.
struct Log: Sendable {
    /// The rank in the prefix.
    let rank: Int

    /// `[RANK n] message`.
    func info(_ message: String) { write("[RANK \(rank)] \(message)\n", to: .standardOutput) }

    /// `[RANK n] WARNING: message`.
    func warning(_ message: String) { write("[RANK \(rank)] WARNING: \(message)\n", to: .standardOutput) }

    /// A line without prefix: metric lines for MetricDefinitions regexes and the final result.
    func plain(_ line: String) { write(line + "\n", to: .standardOutput) }

    /// `[RANK n] ERROR: message` on standard error.
    func error(_ message: String) { write("[RANK \(rank)] ERROR: \(message)\n", to: .standardError) }

    private func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
