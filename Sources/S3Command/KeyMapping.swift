/// How keys under a prefix map to paths under a local directory, and back.
enum KeyMapping {
    /// The key of `relativePath` under `prefix` (a directory prefix: empty or ending in `/`).
    static func key(forRelativePath relativePath: String, under prefix: String) -> String {
        prefix + relativePath
    }

    /// The local path below the directory for `key` under `prefix`; nil for keys that are no file there: the
    /// prefix itself, directory markers (ending in `/`), and keys with empty, `.` or `..` components, which
    /// could write outside the directory.
    static func relativePath(ofKey key: String, under prefix: String) -> String? {
        guard key.hasPrefix(prefix) else { return nil }
        let relative = String(key.dropFirst(prefix.count))
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty,
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") })
        else { return nil }
        return relative
    }

    /// `directory` joined with `relativePath`, without doubling a trailing `/`.
    static func join(_ directory: String, _ relativePath: String) -> String {
        directory.hasSuffix("/") ? directory + relativePath : directory + "/" + relativePath
    }
}
