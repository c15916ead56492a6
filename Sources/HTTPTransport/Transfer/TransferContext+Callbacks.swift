import CCurl
import Glibc

/// libcurl's callbacks: C functions that find their `TransferContext` through the context pointer (unretained:
/// the runner keeps the context alive until the transfer ends).
extension TransferContext {
    /// The context pointer handed to libcurl; valid while `self` is.
    var unretainedPointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    static let headerCallback: ccurl_data_callback = { buffer, size, count, pointer in
        let length = size * count
        let line = UnsafeRawBufferPointer(start: buffer, count: length)
        return from(pointer).receiveHeaderLine(line) ? length : 0
    }

    static let writeCallback: ccurl_data_callback = { buffer, size, count, pointer in
        let length = size * count
        let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        // Any count other than `length` makes libcurl fail the transfer with CURLE_WRITE_ERROR.
        return from(pointer).receiveBody(bytes) ? length : 0
    }

    static let readCallback: ccurl_data_callback = { buffer, size, count, pointer in
        let space = UnsafeMutableRawBufferPointer(start: buffer, count: size * count)
        return from(pointer).sendBody(into: space) ?? ccurl_read_abort
    }

    static let seekCallback: ccurl_seek_callback = { pointer, offset, origin in
        guard origin == SEEK_SET else { return ccurl_seek_fail }
        return from(pointer).rewindBody(to: Int64(offset)) ? ccurl_seek_ok : ccurl_seek_fail
    }

    static let progressCallback: ccurl_xferinfo_callback = { pointer, _, downloaded, _, uploaded in
        // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
        from(pointer).reportProgress(downloaded: Int64(downloaded), uploaded: Int64(uploaded)) ? 0 : 1
    }
}
