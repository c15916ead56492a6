/// `model/model.json`: how to rebuild the network around `model.pt` (a state dict) and feed it.
struct ModelDescription: Codable, Equatable, Sendable {
    /// One layer of the forward pass, in order.
    struct Layer: Codable, Equatable, Sendable {
        /// The module name in the state dict (for layers with parameters or PyTorch modules).
        var name: String?
        /// PyTorch's class or function name.
        var type: String
        /// Conv2d input channels.
        var inChannels: Int?
        /// Conv2d output channels.
        var outChannels: Int?
        /// Conv2d or MaxPool2d kernel size.
        var kernelSize: Int?
        /// Conv2d or MaxPool2d stride.
        var stride: Int?
        /// Linear input features.
        var inFeatures: Int?
        /// Linear output features.
        var outFeatures: Int?
        /// Dropout probability.
        var p: Double?
        /// Flatten's first dimension.
        var startDim: Int?
    }

    /// How pixels become the network's input: `(pixel / pixelScale - mean[c]) / std[c]`, NCHW.
    struct Input: Codable, Equatable, Sendable {
        /// 1 (grayscale) or 3 (RGB).
        var channels: Int
        /// Input height (images are resized to it).
        var height: Int
        /// Input width.
        var width: Int
        /// Pixels are divided by this before normalization.
        var pixelScale = 255.0
        /// Per-channel mean and standard deviation.
        var normalization: Normalization
    }

    /// A parameter tensor of the state dict.
    struct Parameter: Codable, Equatable, Sendable {
        /// The state-dict key.
        var name: String
        /// The tensor's shape.
        var shape: [Int]
    }

    /// This file's format and version.
    var format = "sagetrain-cnn/1"
    /// The network: PyTorch's MNIST example CNN, sized by `network`.
    var architecture = "classic-mnist-cnn"
    /// What trained it.
    var framework: String
    /// The state dict's file, next to this one (Python: `torch.load`).
    var stateDict = "model.pt"
    /// How to prepare images.
    var input: Input
    /// Class names by output index.
    var classes: [String]
    /// The layer sizes.
    var network: CNNConfiguration
    /// The forward pass, layer by layer.
    var layers: [Layer]
    /// The state dict's tensors.
    var parameters: [Parameter]
    /// What the network outputs.
    var outputs = "logits (apply softmax for probabilities)"

    /// Describes `model`, fed with `normalization`, predicting `classes`.
    init(model: TorchModel, normalization: Normalization, classes: [String]) throws(TorchError) {
        let network = model.configuration
        framework = "libtorch \(Torch.version)"
        input = Input(
            channels: network.inputChannels, height: network.height, width: network.width,
            normalization: normalization)
        self.classes = classes
        self.network = network
        parameters = try model.parameters().map { Parameter(name: $0.name, shape: $0.shape) }
        layers = [
            Layer(
                name: "conv1", type: "Conv2d", inChannels: network.inputChannels, outChannels: network.conv1Channels,
                kernelSize: 3, stride: 1),
            Layer(type: "ReLU"),
            Layer(
                name: "conv2", type: "Conv2d", inChannels: network.conv1Channels, outChannels: network.conv2Channels,
                kernelSize: 3, stride: 1),
            Layer(type: "ReLU"),
            Layer(type: "MaxPool2d", kernelSize: 2, stride: 2),
            Layer(name: "dropout1", type: "Dropout", p: network.dropout1),
            Layer(type: "Flatten", startDim: 1),
            Layer(name: "fc1", type: "Linear", inFeatures: network.flattenedFeatures, outFeatures: network.hiddenUnits),
            Layer(type: "ReLU"),
            Layer(name: "dropout2", type: "Dropout", p: network.dropout2),
            Layer(name: "fc2", type: "Linear", inFeatures: network.hiddenUnits, outFeatures: network.classes),
        ]
    }
}
