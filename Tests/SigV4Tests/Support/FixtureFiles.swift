import Foundation

/// Access to the copied test-vector files (`Fixtures/`, bundled with `.copy`).
enum FixtureFiles {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "missing fixture \(path)" }
    }

    /// The bundled `Fixtures` directory.
    static func root() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw Missing(path: "Fixtures")
        }
        return url
    }

    /// A file or directory below `Fixtures/`.
    static func url(_ relativePath: String) throws -> URL {
        let url = try root().appending(path: relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: relativePath) }
        return url
    }

    /// The bytes of a file below `Fixtures/`.
    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The UTF-8 text of a file below `Fixtures/`.
    static func text(_ relativePath: String) throws -> String {
        String(decoding: try data(relativePath), as: UTF8.self)
    }

    /// The names of the subdirectories of a directory below `Fixtures/`, sorted.
    static func subdirectories(_ relativePath: String) throws -> [String] {
        let directory = try url(relativePath)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: directory.appending(path: name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// The names of the files with an extension in a directory below `Fixtures/`, sorted.
    static func files(_ relativePath: String, extension ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(relativePath).path)
            .filter { $0.hasSuffix(".\(ext)") }.sorted()
    }

    /// Parses an ISO 8601 UTC timestamp like `2015-08-30T12:36:00Z`.
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad fixture timestamp \(text)") }
        return date
    }
}
