/// Labelled images in memory: uint8 pixels in NCHW order and one label per image.
struct ImageSet: Sendable {
    /// Pixels, `count * channels * height * width` bytes.
    var pixels: [UInt8]
    /// Labels, each in `0..<classes.count`.
    var labels: [Int64]
    /// Channels per image: 1 (grayscale) or 3 (RGB).
    var channels: Int
    /// Image height.
    var height: Int
    /// Image width.
    var width: Int
    /// Class names, indexed by label.
    var classes: [String]

    /// The number of images.
    var count: Int { labels.count }
    /// Bytes per image.
    var imageBytes: Int { channels * height * width }

    /// The images `range`.
    func slice(_ range: Range<Int>) -> ImageSet {
        var result = self
        result.pixels = Array(pixels[range.lowerBound * imageBytes..<range.upperBound * imageBytes])
        result.labels = Array(labels[range])
        return result
    }

    /// The images at `indices`, in that order.
    func selecting(_ indices: [Int]) -> ImageSet {
        var result = self
        result.pixels = []
        result.pixels.reserveCapacity(indices.count * imageBytes)
        for index in indices { result.pixels += pixels[index * imageBytes..<(index + 1) * imageBytes] }
        result.labels = indices.map { labels[$0] }
        return result
    }

    /// The first `limit` images (all of them when `limit` is nil or larger).
    func prefix(_ limit: Int?) -> ImageSet {
        guard let limit, limit < count else { return self }
        return slice(0..<limit)
    }
}

/// Per-channel normalization applied to pixels scaled to [0, 1]: `(x - mean[c]) / std[c]`.
struct Normalization: Codable, Equatable, Sendable {
    /// Per-channel means.
    var mean: [Double]
    /// Per-channel standard deviations.
    var std: [Double]

    /// MNIST's usual figures, as in PyTorch's example.
    static let mnist = Normalization(mean: [0.1307], std: [0.3081])
}
