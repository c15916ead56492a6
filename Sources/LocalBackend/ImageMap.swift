import Foundation
import ServiceModel

/// Maps training image names to local commands: what `docker run IMAGE train` means on this machine.
///
/// The file is JSON:
/// ```json
/// {"images": {
///     "trainer:latest": {"entrypoint": ["${IMAGE_MAP_DIR}/../.build/debug/trainer"]},
///     "*.dkr.ecr.*.amazonaws.com/my-algo:*": {"entrypoint": ["python3", "/opt/algo/train.py"],
///                                            "environment": {"PYTHONUNBUFFERED": "1"}}
/// }}
/// ```
/// Keys are exact names or patterns where `*` matches any run of characters; an exact match wins over patterns,
/// and among patterns the longest wins. `${IMAGE_MAP_DIR}` expands to the directory of the file.
public struct ImageMap: Sendable, Equatable {
    /// How to run one image.
    public struct Entry: Sendable, Equatable {
        /// The command standing in for the image's entry point.
        public var entrypoint: [String]
        /// Extra environment variables, below the job's own.
        public var environment: [String: String]
        /// The working directory; the host's ML root when nil.
        public var workingDirectory: String?

        /// Creates an entry.
        public init(entrypoint: [String], environment: [String: String] = [:], workingDirectory: String? = nil) {
            self.entrypoint = entrypoint
            self.environment = environment
            self.workingDirectory = workingDirectory
        }
    }

    /// A malformed image map file.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var path: String
        /// What is wrong with it.
        public var problem: String
        /// "image map FILE: PROBLEM".
        public var description: String { "image map \(path): \(problem)" }
    }

    /// The entries by image name or pattern.
    public var entries: [String: Entry]

    /// Creates a map from entries.
    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// Loads the map in the file at `path`.
    public init(contentsOf path: String) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, problem: "cannot be read")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: [UInt8](data)) } catch {
            throw LoadError(path: path, problem: "not valid JSON: \(error)")
        }
        guard let images = document["images"]?.objectValue else {
            throw LoadError(path: path, problem: "expected an object with an \"images\" object")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let base = directory.isEmpty ? FileManager.default.currentDirectoryPath : directory
        func expand(_ text: String) -> String { text.replacingOccurrences(of: "${IMAGE_MAP_DIR}", with: base) }
        var entries: [String: Entry] = [:]
        for (image, value) in images {
            guard let command = value["entrypoint"]?.arrayValue, !command.isEmpty,
                let words = Optional(command.compactMap(\.stringValue)), words.count == command.count
            else {
                throw LoadError(
                    path: path, problem: "image \"\(image)\": \"entrypoint\" must be a non-empty array of strings")
            }
            var environment: [String: String] = [:]
            if let variables = value["environment"] {
                guard let object = variables.objectValue, object.values.allSatisfy({ $0.stringValue != nil }) else {
                    throw LoadError(
                        path: path, problem: "image \"\(image)\": \"environment\" must map names to strings")
                }
                environment = object.compactMapValues { $0.stringValue.map(expand) }
            }
            entries[image] = Entry(
                entrypoint: words.map(expand), environment: environment,
                workingDirectory: value["workingDirectory"]?.stringValue.map(expand))
        }
        self.entries = entries
    }

    /// The image names under which the platform's own CNN trainer is known.
    public static let trainerImages = [
        "trainer:latest", "sagetrain-trainer:latest", "*.dkr.ecr.*.amazonaws.com/sagetrain-trainer:*",
    ]

    /// This map plus the trainer's image names mapped to `trainer`, for the names the map does not set itself.
    public func addingTrainer(at trainer: String) -> ImageMap {
        var map = self
        for image in Self.trainerImages where map.entries[image] == nil {
            map.entries[image] = Entry(entrypoint: [trainer])
        }
        return map
    }

    /// The entry for `image`: an exact match, else the longest matching pattern.
    public func entry(for image: String) -> Entry? {
        if let exact = entries[image] { return exact }
        return entries.filter { $0.key.contains("*") && Self.matches(image, pattern: $0.key) }
            .max { ($0.key.count, $1.key) < ($1.key.count, $0.key) }?.value
    }

    /// Glob matching with `*` only.
    static func matches(_ text: String, pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return text == pattern }
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = text.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts[parts.count - 1]) && rest.count >= parts[parts.count - 1].count
    }
}
