import CTorch

/// Images and labels copied into libtorch tensors once, then used by index in training steps and evaluation.
final class TorchDataset {
    let handle: OpaquePointer
    /// The number of samples.
    let count: Int

    /// Copies `images` into the shim with the per-channel normalization `(pixel / 255 - mean) / std`.
    init(_ images: ImageSet, normalization: Normalization) throws(TorchError) {
        guard normalization.mean.count == images.channels, normalization.std.count == images.channels else {
            throw TorchError(
                kind: .invalidArgument, operation: "creating a dataset",
                message: "the normalization has \(normalization.mean.count) means and \(normalization.std.count) "
                    + "standard deviations for \(images.channels) channels")
        }
        var handle: OpaquePointer?
        let status = ctorch_dataset_create(
            images.pixels, images.labels, Int64(images.count), Int32(images.channels), Int32(images.height),
            Int32(images.width), normalization.mean.map { Float($0) }, normalization.std.map { Float($0) },
            Int32(images.classes.count), &handle)
        try TorchError.check(status, "creating a dataset of \(images.count) samples")
        self.handle = handle!
        self.count = images.count
    }

    deinit { ctorch_dataset_free(handle) }
}
