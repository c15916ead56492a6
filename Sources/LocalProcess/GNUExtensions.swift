import Glibc

/// glibc functions that Swift's `Glibc` module does not import (they are declared only under
/// `_GNU_SOURCE`), resolved at run time so that a libc without them degrades instead of failing to link.
enum GNUExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
        ) -> Int32
    typealias SetThreadName = @convention(c) (pthread_t, UnsafePointer<CChar>?) -> Int32

    /// `POSIX_SPAWN_SETSID` (glibc 2.26): the child calls `setsid()`.
    static let spawnSetSessionFlag: Int32 = 0x80

    /// `pipe2` (glibc 2.9).
    static let pipe2: Pipe2? = lookUp("pipe2")
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let addClosefrom: AddClosefrom? = lookUp("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
    static let addChdir: AddChdir? = lookUp("posix_spawn_file_actions_addchdir_np")
    /// `pthread_setname_np` (glibc 2.12).
    static let setThreadName: SetThreadName? = lookUp("pthread_setname_np")

    private static func lookUp<Function>(_ name: String) -> Function? {
        // A null handle is RTLD_DEFAULT: the global symbol scope of the process.
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }
}
