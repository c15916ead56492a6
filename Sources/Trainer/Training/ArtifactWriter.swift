import Foundation

/// Writes JSON artifacts (snake_case keys, sorted, indented) through a temporary file renamed into place.
enum ArtifactWriter {
    /// Encodes `value` to `path`, creating its directory.
    static func writeJSON(_ value: some Encodable, to path: String) throws(TrainerError) {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            try write(data + Data("\n".utf8), to: path)
        } catch let error as TrainerError {
            throw error
        } catch {
            throw .output("cannot encode \(path): \(error)")
        }
    }

    /// Writes `data` to `path` atomically, creating its directory.
    static func write(_ data: Data, to path: String) throws(TrainerError) {
        do {
            try createDirectory((path as NSString).deletingLastPathComponent)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch let error as TrainerError {
            throw error
        } catch {
            throw .output("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Creates `path` and its parents.
    static func createDirectory(_ path: String) throws(TrainerError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .output("cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    /// Decodes a JSON artifact written by `writeJSON`, or nil if it is missing or unreadable.
    static func readJSON<Value: Decodable>(_ type: Value.Type, from path: String) -> Value? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: data)
    }
}
