import Glibc

/// The two ends of a pipe, both close-on-exec and both numbered 3 or above.
struct PipeDescriptors: Sendable {
    /// The end to read from.
    let readEnd: Int32
    /// The end to write to.
    let writeEnd: Int32

    /// Opens a pipe atomically close-on-exec, so no concurrent spawn can inherit it.
    static func open() throws(SystemCallError) -> PipeDescriptors {
        var descriptors: [Int32] = [-1, -1]
        if let pipe2 = GNUExtensions.pipe2 {
            guard pipe2(&descriptors, O_CLOEXEC) == 0 else { throw .fromErrno("pipe2") }
        } else {
            guard pipe(&descriptors) == 0 else { throw .fromErrno("pipe") }
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        // A server started with a standard stream closed would get 0, 1 or 2 here, and
        // dup2(fd, fd) in the child would then leave close-on-exec set: keep clear of them.
        for index in descriptors.indices where descriptors[index] < 3 {
            let moved = fcntl(descriptors[index], F_DUPFD_CLOEXEC, Int32(3))
            let error = SystemCallError.fromErrno("fcntl(F_DUPFD_CLOEXEC)")
            close(descriptors[index])
            descriptors[index] = moved
            if moved < 0 {
                for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
                throw error
            }
        }
        return PipeDescriptors(readEnd: descriptors[0], writeEnd: descriptors[1])
    }

    /// Closes both ends (for failure paths before either end was handed over).
    func closeBoth() {
        close(readEnd)
        close(writeEnd)
    }
}
