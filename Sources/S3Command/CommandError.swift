/// A failure the `s3` command reports as `s3: error: <message>` with exit status 1.
struct CommandError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String

    /// An error with `message`.
    init(_ message: String) {
        description = message
    }
}
