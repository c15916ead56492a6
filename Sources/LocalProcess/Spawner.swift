import Glibc

/// The `posix_spawn` boundary: builds the attributes, file actions and C arrays for one launch.
enum Spawner {
    /// Signals whose disposition the child resets to the default: the server may ignore some.
    static let signalsResetToDefault: [Int32] = [
        SIGPIPE, SIGTERM, SIGINT, SIGCHLD, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
    ]

    /// Starts `path` as a new session leader with stdin from `/dev/null` and stdout and stderr
    /// on `output`; returns its process ID.
    static func spawn(_ launch: ProcessLaunch, path: String, output: Int32) throws(ProcessLaunchError) -> pid_t {
        let executable = launch.executable
        try checkWorkingDirectory(launch)
        let argv = [executable] + launch.arguments
        let environment = launch.environment.sorted { $0.key < $1.key }
        if let bad = argv.first(where: { $0.utf8.contains(0) }) {
            throw invalid(executable, "argument contains a NUL byte: \(bad.debugDescription)")
        }
        if let bad = environment.first(where: {
            $0.key.isEmpty || $0.key.contains("=") || ($0.key + $0.value).utf8.contains(0)
        }) {
            throw invalid(executable, "invalid environment variable \(bad.key.debugDescription)")
        }
        let envp = environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        do throws(SystemCallError) {
            try SystemCallError.check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        } catch { throw wrap(executable, error) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        do throws(SystemCallError) {
            try SystemCallError.check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        } catch { throw wrap(executable, error) }
        defer { posix_spawnattr_destroy(&attributes) }

        do throws(SystemCallError) {
            try addFileActions(&actions, output: output, workingDirectory: launch.workingDirectory)
            try setAttributes(&attributes)
        } catch { throw wrap(executable, error) }

        var pid: pid_t = 0
        let result = withCStringArray(argv) { argv in
            withCStringArray(envp) { envp in
                posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw ProcessLaunchError(executable: executable, step: .executable, code: result) }
        return pid
    }

    private static func checkWorkingDirectory(_ launch: ProcessLaunch) throws(ProcessLaunchError) {
        let directory = launch.workingDirectory
        guard !directory.isEmpty, !directory.utf8.contains(0) else {
            throw invalid(launch.executable, "invalid working directory \(directory.debugDescription)")
        }
        var status = stat()
        guard stat(directory, &status) == 0 else {
            throw ProcessLaunchError(executable: launch.executable, step: .workingDirectory(directory), code: errno)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw ProcessLaunchError(executable: launch.executable, step: .workingDirectory(directory), code: ENOTDIR)
        }
    }

    private static func addFileActions(
        _ actions: inout posix_spawn_file_actions_t, output: Int32, workingDirectory: String
    ) throws(SystemCallError) {
        try SystemCallError.check(
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "posix_spawn_file_actions_addopen")
        // dup2 clears close-on-exec on the copies: one stream, as a container's log is.
        try SystemCallError.check(
            posix_spawn_file_actions_adddup2(&actions, output, 1), "posix_spawn_file_actions_adddup2")
        try SystemCallError.check(
            posix_spawn_file_actions_adddup2(&actions, output, 2), "posix_spawn_file_actions_adddup2")
        // Everything else the server has open stays behind, close-on-exec or not.
        if let addClosefrom = GNUExtensions.addClosefrom {
            try SystemCallError.check(addClosefrom(&actions, 3), "posix_spawn_file_actions_addclosefrom_np")
        }
        guard let addChdir = GNUExtensions.addChdir else {
            throw SystemCallError(call: "posix_spawn_file_actions_addchdir_np", code: ENOSYS)
        }
        try SystemCallError.check(addChdir(&actions, workingDirectory), "posix_spawn_file_actions_addchdir_np")
    }

    private static func setAttributes(_ attributes: inout posix_spawnattr_t) throws(SystemCallError) {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        try SystemCallError.check(posix_spawnattr_setsigmask(&attributes, &noSignals), "posix_spawnattr_setsigmask")
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in signalsResetToDefault { sigaddset(&defaults, signal) }
        try SystemCallError.check(
            posix_spawnattr_setsigdefault(&attributes, &defaults), "posix_spawnattr_setsigdefault")

        let common = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if posix_spawnattr_setflags(&attributes, Int16(common | GNUExtensions.spawnSetSessionFlag)) != 0 {
            // glibc before 2.26 has no POSIX_SPAWN_SETSID: a new process group still lets the
            // whole tree be signalled at once.
            try SystemCallError.check(posix_spawnattr_setpgroup(&attributes, 0), "posix_spawnattr_setpgroup")
            try SystemCallError.check(
                posix_spawnattr_setflags(&attributes, Int16(common | POSIX_SPAWN_SETPGROUP)), "posix_spawnattr_setflags"
            )
        }
    }

    /// Calls `body` with a NULL-terminated `char *[]` copy of `strings`, freed afterwards.
    private static func withCStringArray<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func invalid(_ executable: String, _ reason: String) -> ProcessLaunchError {
        ProcessLaunchError(executable: executable, step: .invalidLaunch(reason), code: EINVAL)
    }

    private static func wrap(_ executable: String, _ error: SystemCallError) -> ProcessLaunchError {
        ProcessLaunchError(executable: executable, step: .systemCall(error.call), code: error.code)
    }
}
