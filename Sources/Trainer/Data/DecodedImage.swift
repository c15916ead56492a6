import CImageCodec

/// A decoded PNG or JPEG: 8-bit pixels, row-major with interleaved channels (HWC).
struct DecodedImage: Sendable {
    /// `width * height * channels` bytes.
    var pixels: [UInt8]
    /// Width in pixels.
    var width: Int
    /// Height in pixels.
    var height: Int
    /// 1 (grayscale) or 3 (RGB).
    var channels: Int

    /// Decodes PNG or JPEG `data` into `channels` channels (1 or 3), converting color as needed.
    init(decoding data: [UInt8], channels: Int) throws(TrainerError) {
        var image = cimage_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = cimage_decode(data, data.count, Int32(channels), &image, &message, message.count)
        guard status == CIMAGE_OK, let base = image.pixels else {
            throw .data(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { cimage_free(base) }
        let count = Int(image.width) * Int(image.height) * channels
        self.pixels = Array(UnsafeBufferPointer(start: base, count: count))
        self.width = Int(image.width)
        self.height = Int(image.height)
        self.channels = channels
    }

    /// The image resized (bilinear, half-pixel centers) to `height` x `width`, channels first (CHW), as the
    /// network takes it.
    func resizedCHW(height targetHeight: Int, width targetWidth: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: channels * targetHeight * targetWidth)
        let scaleY = Double(height) / Double(targetHeight)
        let scaleX = Double(width) / Double(targetWidth)
        let columns = (0..<targetWidth).map { Self.sample(Double($0), scale: scaleX, size: width) }
        for y in 0..<targetHeight {
            let (y0, y1, fy) = Self.sample(Double(y), scale: scaleY, size: height)
            for (x, (x0, x1, fx)) in columns.enumerated() {
                for c in 0..<channels {
                    let top = mix(pixel(y0, x0, c), pixel(y0, x1, c), fx)
                    let bottom = mix(pixel(y1, x0, c), pixel(y1, x1, c), fx)
                    let value = mix(top, bottom, fy)
                    output[(c * targetHeight + y) * targetWidth + x] = UInt8(min(255, max(0, value.rounded())))
                }
            }
        }
        return output
    }

    private func pixel(_ y: Int, _ x: Int, _ c: Int) -> Double { Double(pixels[(y * width + x) * channels + c]) }

    private func mix(_ a: Double, _ b: Double, _ t: Double) -> Double { a + (b - a) * t }

    /// The two source indices around output position `index` and the weight of the second.
    private static func sample(_ index: Double, scale: Double, size: Int) -> (Int, Int, Double) {
        let position = min(max((index + 0.5) * scale - 0.5, 0), Double(size - 1))
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, size - 1), position - Double(lower))
    }
}
