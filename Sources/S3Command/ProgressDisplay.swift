import Foundation

/// Redraws the progress line of a batch ten times a second until stopped.
final class ProgressDisplay: Sendable {
    private let task: Task<Void, Never>
    private let console: Console

    /// Starts redrawing `progress` on `console`.
    init(progress: TransferProgress, console: Console) {
        self.console = console
        let width = (ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80) - 1
        task = Task {
            let start = ContinuousClock.now
            var line = ProgressLine(width: width)
            while !Task.isCancelled {
                let elapsed = (ContinuousClock.now - start) / .seconds(1)
                console.drawStatus(line.render(progress.snapshot, at: elapsed))
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops redrawing and removes the line.
    func stop() async {
        task.cancel()
        await task.value
        console.clearStatus()
    }
}
