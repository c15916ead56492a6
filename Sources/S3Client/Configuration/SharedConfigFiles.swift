import Foundation

/// The AWS shared configuration files (`~/.aws/credentials` and `~/.aws/config`), parsed as AWS's SDKs do.
///
/// In the credentials file a profile is a section `[name]`; in the config file it is `[profile name]`, except
/// `[default]`. Values continue on indented lines (nested settings such as `s3 =`), `#` and `;` start comments.
public struct SharedConfigFiles: Sendable {
    /// The settings of each profile of the credentials file, by profile name.
    public var credentials: [String: [String: String]]
    /// The settings of each profile of the config file, by profile name (without the `profile ` prefix).
    public var config: [String: [String: String]]

    /// Parsed contents of the two files; either may be empty.
    public init(credentials: [String: [String: String]] = [:], config: [String: [String: String]] = [:]) {
        self.credentials = credentials
        self.config = config
    }

    /// Reads the files named by `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`, else those in `~/.aws`.
    /// A missing file is empty; an unreadable or malformed one is an error naming the file.
    public static func load(environment: [String: String]) throws(S3ConfigurationError) -> SharedConfigFiles {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        return SharedConfigFiles(
            credentials: try parseFile(at: credentialsPath, profilePrefix: nil),
            config: try parseFile(at: configPath, profilePrefix: "profile ")
        )
    }

    /// The merged settings of one profile: the credentials file's values win over the config file's.
    public func settings(profile: String) -> [String: String]? {
        let fromConfig = config[profile]
        let fromCredentials = credentials[profile]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { $1 }
    }

    private static func parseFile(
        at path: String, profilePrefix: String?
    ) throws(S3ConfigurationError) -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        // Through a FileHandle: `FileManager.contents(atPath:)` returns nil for an empty character device, and
        // AWS_CONFIG_FILE=/dev/null is the usual way to ignore the file.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadableFile(path: path) }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch { throw .unreadableFile(path: path) }
        do {
            return try parse(String(decoding: data, as: UTF8.self), profilePrefix: profilePrefix)
        } catch {
            throw .malformedFile(path: path, line: error.line, problem: error.problem)
        }
    }

    /// A syntax problem at a line of a shared file.
    struct SyntaxError: Error {
        var line: Int
        var problem: String
    }

    /// Parses one file's text. With a `profilePrefix` (the config file), sections other than `default` count
    /// only when they carry the prefix (`[profile dev]`); others (`[sso-session x]`, `[services y]`) are skipped.
    static func parse(_ text: String, profilePrefix: String?) throws(SyntaxError) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        var skipping = false
        var parentKey: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine))
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else { throw SyntaxError(line: index + 1, problem: "unclosed section") }
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                parentKey = nil
                if let prefix = profilePrefix, name != "default" {
                    skipping = !name.hasPrefix(prefix)
                    current = skipping ? nil : name.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                } else {
                    skipping = false
                    current = name
                }
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            if skipping { continue }
            guard let profile = current else {
                throw SyntaxError(line: index + 1, problem: "a setting outside any [section]")
            }
            let indented = line.first == " " || line.first == "\t"
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw SyntaxError(line: index + 1, problem: "expected 'name = value'")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if indented, let parent = parentKey {
                profiles[profile]?["\(parent).\(key)"] = value  // nested: `s3 =` then `  endpoint_url = ...`
            } else {
                profiles[profile]?[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
        return profiles
    }

    /// Removes a comment: a line starting with `#`/`;`, or ` #`/` ;` after a value.
    private static func stripComment(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { return "" }
        for marker in [" #", "\t#", " ;", "\t;"] {
            if let range = line.range(of: marker) { return String(line[..<range.lowerBound]) }
        }
        return line
    }
}
