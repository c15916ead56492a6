/// The text of the progress line: a bar, bytes done of the total, the rate over the last few seconds, the time
/// left and the files done. A value type fed with samples, so that it is tested without a terminal or a clock.
struct ProgressLine {
    /// The most characters the line may take (it must never wrap, or `\r` cannot redraw it).
    let width: Int
    /// The rate is measured over this many seconds of samples.
    let window: Double
    private var samples: [(seconds: Double, bytes: Int64)] = []

    /// A line of at most `width` characters, the rate measured over `window` seconds.
    init(width: Int = 79, window: Double = 3) {
        self.width = max(20, width)
        self.window = window
    }

    /// Records `snapshot`, taken `seconds` after the start, and renders it.
    mutating func render(_ snapshot: TransferProgress.Snapshot, at seconds: Double) -> String {
        samples.append((seconds, snapshot.bytes))
        while let first = samples.first, seconds - first.seconds > window, samples.count > 2 { samples.removeFirst() }
        let rate = self.rate
        var fields: [String] = []
        if let total = snapshot.totalBytes, total > 0 {
            let fraction = min(1, Double(snapshot.bytes) / Double(total))
            fields.append("\(Self.bar(fraction, width: 20)) \(Int(fraction * 100))%")
            fields.append("\(ByteCount.format(snapshot.bytes)) / \(ByteCount.format(total))")
        } else {
            fields.append(ByteCount.format(snapshot.bytes))
        }
        fields.append("\(ByteCount.format(Int64(rate)))/s")
        if let total = snapshot.totalBytes, rate > 0, snapshot.bytes < total {
            fields.append("ETA \(Self.clock(Double(total - snapshot.bytes) / rate))")
        }
        if snapshot.fileCount > 1 { fields.append("\(snapshot.filesDone)/\(snapshot.fileCount) files") }
        let text = fields.joined(separator: "  ")
        return text.count <= width ? text : String(text.prefix(width))
    }

    /// Bytes per second between the oldest and newest samples.
    var rate: Double {
        guard let first = samples.first, let last = samples.last, last.seconds > first.seconds else { return 0 }
        return max(0, Double(last.bytes - first.bytes) / (last.seconds - first.seconds))
    }

    /// `[=======>            ]`.
    static func bar(_ fraction: Double, width: Int) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let body =
            filled >= width
            ? String(repeating: "=", count: width)
            : String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: width - filled - 1)
        return "[" + body + "]"
    }

    /// `0:07`, `12:34`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(min(seconds, 359_999).rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }
}
