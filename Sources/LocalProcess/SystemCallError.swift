import Glibc

/// A failed system call: its name and `errno`, made at the first Swift line after the C call.
struct SystemCallError: Error, Sendable, Hashable {
    /// The C function that failed.
    let call: String
    /// The error number it reported.
    let code: Int32

    /// The failure of `call` as `errno` describes it now.
    static func fromErrno(_ call: String) -> SystemCallError {
        SystemCallError(call: call, code: errno)
    }

    /// Turns a return value that is itself an error number (the `posix_spawn*` and `pthread_*`
    /// convention: 0 on success) into a thrown error.
    static func check(_ result: Int32, _ call: String) throws(SystemCallError) {
        if result != 0 { throw SystemCallError(call: call, code: result) }
    }

    /// The system's message for an error number, thread-safely (XSI `strerror_r`).
    static func message(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard strerror_r(code, &buffer, buffer.count) == 0 else { return "error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
