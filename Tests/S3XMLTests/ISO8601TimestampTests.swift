import Foundation
import Testing

@testable import S3XML

@Suite("ISO8601Timestamp")
struct ISO8601TimestampTests {
    @Test(
        "the forms S3 servers send",
        arguments: [
            ("2026-11-28T23:39:51.000Z", 1_795_909_191.0), ("2026-11-28T23:39:55Z", 1_795_909_195.0),
            ("1970-01-01T00:00:00Z", 0.0), ("2024-02-29T12:00:00.5Z", 1_709_208_000.5),
            ("2026-11-29T00:39:51+01:00", 1_795_909_191.0), ("2026-11-28T22:39:51-01:00", 1_795_909_191.0),
        ])
    func accepted(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "2026-11-28", "2026-11-28T23:39:51", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
            "2026-11-28T24:00:00Z", "2026-11-28T23:39:51.Z", "2026-11-28T23:39:51Zjunk", "2026-11-28 23:39:51Z",
            "20261128T233951Z",
        ])
    func refused(text: String) {
        #expect(ISO8601Timestamp.date(from: text) == nil)
    }
}
