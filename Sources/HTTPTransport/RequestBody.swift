/// What a request sends: nothing, bytes in memory, or a byte range of a file read as it is sent.
public enum RequestBody: Sendable {
    /// No body. `POST`, `PUT` and `PATCH` still send `Content-Length: 0`.
    case none
    /// Bytes held in memory.
    case bytes([UInt8])
    /// `length` bytes of the file at `path` from `offset`, read with `pread` as libcurl asks for them, so that the
    /// file is never loaded into memory; a rewind (redirect, authentication) re-reads from the range's start.
    case file(path: String, offset: Int64, length: Int64)

    /// The number of bytes sent.
    public var length: Int64 {
        switch self {
        case .none: 0
        case .bytes(let bytes): Int64(bytes.count)
        case .file(_, _, let length): length
        }
    }
}
