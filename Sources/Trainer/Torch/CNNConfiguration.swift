import CTorch

/// The shape of the classic MNIST CNN: input, layer sizes, dropout and classes.
struct CNNConfiguration: Codable, Equatable, Sendable {
    /// Input channels: 1 for grayscale, 3 for RGB.
    var inputChannels = 1
    /// Input height in pixels.
    var height = 28
    /// Input width in pixels.
    var width = 28
    /// Output classes.
    var classes = 10
    /// Channels of the first 3x3 convolution.
    var conv1Channels = 32
    /// Channels of the second 3x3 convolution.
    var conv2Channels = 64
    /// Units of the hidden linear layer.
    var hiddenUnits = 128
    /// Dropout after the max-pool.
    var dropout1 = 0.25
    /// Dropout after the hidden layer.
    var dropout2 = 0.5

    /// The features entering `fc1`: two unpadded 3x3 convolutions, then a 2x2 max-pool.
    var flattenedFeatures: Int { conv2Channels * ((height - 4) / 2) * ((width - 4) / 2) }

    /// The shim's form of the configuration.
    var shim: ctorch_cnn_config {
        ctorch_cnn_config(
            in_channels: Int32(clamping: inputChannels), height: Int32(clamping: height),
            width: Int32(clamping: width), num_classes: Int32(clamping: classes),
            conv1_channels: Int32(clamping: conv1Channels), conv2_channels: Int32(clamping: conv2Channels),
            hidden_units: Int32(clamping: hiddenUnits), dropout1: Float(dropout1), dropout2: Float(dropout2))
    }
}
