import Foundation
import S3XML

/// The lines of `s3 ls`, as `aws s3 ls` prints them.
struct ListingFormat {
    /// Sizes in binary units instead of bytes.
    var humanReadable = false
    /// The time zone of the dates.
    var timeZone = TimeZone.current

    /// `                           PRE name/`: the prefix's last component.
    func line(forPrefix prefix: String) -> String {
        let components = prefix.split(separator: "/", omittingEmptySubsequences: false)
        let name = components.count >= 2 ? String(components[components.count - 2]) : prefix
        return String(repeating: " ", count: 27) + "PRE " + name + "/"
    }

    /// `2024-05-01 12:00:00       1234 key`: the whole key, or its last component.
    func line(for object: ObjectSummary, showingFullKey: Bool) -> String {
        let components = object.key.split(separator: "/", omittingEmptySubsequences: false)
        let name = showingFullKey ? object.key : String(components.last ?? "")
        return date(object.lastModified) + " " + Self.padded(size(object.size), to: 10) + " " + name
    }

    /// The size column's text.
    func size(_ bytes: Int64) -> String {
        humanReadable ? ByteCount.format(bytes) : String(bytes)
    }

    /// `yyyy-MM-dd HH:mm:ss` in `timeZone`; blanks when unknown.
    func date(_ date: Date?) -> String {
        guard let date else { return String(repeating: " ", count: 19) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { Self.padded(String(value ?? 0), to: 2, with: "0") }
        let day = "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
        return day + " " + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    private static func padded(_ text: String, to width: Int, with fill: Character = " ") -> String {
        text.count >= width ? text : String(repeating: fill, count: width - text.count) + text
    }
}
