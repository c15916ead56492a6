import CTorch

/// A failure reported by the CTorch shim: its status code as a kind, and its message.
struct TorchError: Error, CustomStringConvertible, Equatable {
    /// What kind of failure the shim reported.
    enum Kind: Equatable, Sendable {
        /// An argument rejected before libtorch ran.
        case invalidArgument
        /// libtorch raised an error, such as mismatched shapes.
        case torch
        /// A file could not be read or written, or its contents are not valid.
        case io
        /// The process group could not be formed or a collective failed.
        case distributed
        /// libtorch ran out of memory.
        case outOfMemory
        /// Any other failure.
        case `internal`

        init(status: Int32) {
            switch status {
            case CTORCH_ERROR_INVALID_ARGUMENT: self = .invalidArgument
            case CTORCH_ERROR_TORCH: self = .torch
            case CTORCH_ERROR_IO: self = .io
            case CTORCH_ERROR_DISTRIBUTED: self = .distributed
            case CTORCH_ERROR_OUT_OF_MEMORY: self = .outOfMemory
            default: self = .internal
            }
        }
    }

    /// The kind of failure.
    let kind: Kind
    /// What the trainer was doing, e.g. "a training step".
    let operation: String
    /// The shim's message.
    let message: String

    var description: String { "\(operation) failed: \(message)" }

    /// Throws the shim's last error when `status` is not `CTORCH_OK`.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(TorchError) {
        guard status != CTORCH_OK else { return }
        throw TorchError(
            kind: Kind(status: status), operation: operation(), message: String(cString: ctorch_last_error()))
    }
}
