/// An IDX file (the MNIST format) of unsigned bytes: a big-endian header of dimensions, then the data.
struct IDXFile: Sendable {
    /// The sizes of the dimensions, outermost first.
    let dimensions: [Int]
    /// The data, `dimensions.reduce(1, *)` bytes.
    let data: [UInt8]

    /// The IDX type code of unsigned bytes, the only one MNIST files use.
    static let unsignedByteType: UInt8 = 0x08

    /// Parses `bytes` (gzip'd or not) as an IDX file of unsigned bytes with `expectedDimensions` dimensions,
    /// checking the magic number, the sizes and the data length. `name` labels the errors.
    init(parsing bytes: [UInt8], expectedDimensions: Int, name: String) throws(TrainerError) {
        var bytes = bytes
        if Gzip.isCompressed(bytes) {
            do { bytes = try Gzip.decompress(bytes) } catch { throw .data("\(name): \(Self.detail(error))") }
        }
        guard bytes.count >= 4 else {
            throw .data("\(name) is truncated: \(bytes.count) bytes, shorter than an IDX header")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
            throw .data("\(name) is not an IDX file (magic bytes \(magic), expected 00 00 08 0\(expectedDimensions))")
        }
        guard bytes[2] == Self.unsignedByteType else {
            throw .data(
                "\(name) holds IDX type 0x\(String(bytes[2], radix: 16)); only unsigned bytes (0x08) are supported")
        }
        guard Int(bytes[3]) == expectedDimensions else {
            throw .data("\(name) has \(bytes[3]) dimensions, expected \(expectedDimensions)")
        }
        let headerLength = 4 + 4 * expectedDimensions
        guard bytes.count >= headerLength else {
            throw .data("\(name) is truncated: \(bytes.count) bytes, shorter than its \(headerLength)-byte header")
        }
        var dimensions: [Int] = []
        var total = 1
        for index in 0..<expectedDimensions {
            let offset = 4 + 4 * index
            let size = bytes[offset..<offset + 4].reduce(0) { ($0 << 8) | Int($1) }
            guard size > 0 else { throw .data("\(name): dimension \(index + 1) has size 0") }
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 36 else {
                throw .data("\(name): its dimensions \(dimensions + [size]) are too large")
            }
            total = product
            dimensions.append(size)
        }
        let available = bytes.count - headerLength
        guard available >= total else {
            throw .data(
                "\(name) is truncated: dimensions \(dimensions) need \(total) data bytes, the file has \(available)")
        }
        guard available == total else {
            throw .data(
                "\(name) is corrupt: \(available - total) bytes beyond the \(total) its dimensions \(dimensions) describe"
            )
        }
        self.dimensions = dimensions
        self.data = Array(bytes[headerLength...])
    }

    private static func detail(_ error: TrainerError) -> String {
        if case .data(let message) = error { return message }
        return error.description
    }
}
