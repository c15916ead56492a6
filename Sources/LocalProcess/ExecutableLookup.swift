import Glibc

/// Finds the file to execute for a command, as `execvp` would but in the child's terms: the
/// child's `PATH`, with relative entries taken relative to the child's working directory.
enum ExecutableLookup {
    /// The search path when neither the launch environment nor the server has `PATH`.
    static let defaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The path to pass to `posix_spawn`: `executable` itself when it contains a slash (exec will
    /// report what is wrong with it), else the first executable regular file named so in the path.
    static func resolve(_ launch: ProcessLaunch) throws(ProcessLaunchError) -> String {
        let executable = launch.executable
        if executable.contains("/") { return executable }
        let searchPath = launch.environment["PATH"] ?? serverSearchPath() ?? defaultSearchPath
        var sawPermissionDenied = false
        for entry in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let directory = entry.isEmpty ? "." : String(entry)
            let candidate = directory.hasSuffix("/") ? directory + executable : directory + "/" + executable
            let onDisk = candidate.hasPrefix("/") ? candidate : launch.workingDirectory + "/" + candidate
            guard isRegularFile(onDisk) else { continue }
            if access(onDisk, X_OK) == 0 { return candidate }
            sawPermissionDenied = true
        }
        if sawPermissionDenied {
            throw ProcessLaunchError(executable: executable, step: .executable, code: EACCES)
        }
        throw ProcessLaunchError(
            executable: executable, step: .executableNotFound(searchPath: searchPath), code: ENOENT)
    }

    private static func serverSearchPath() -> String? {
        getenv("PATH").map { String(cString: $0) }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}
