extension ServiceModel {
    /// An operation of a service model.
    public struct Operation: Sendable, Hashable {
        /// The operation name, e.g. "CreateTrainingJob" (the part of X-Amz-Target after the dot).
        public let name: String
        /// The name of the input shape, if the operation takes input.
        public let inputShape: String?
        /// The name of the output shape, if the operation returns output.
        public let outputShape: String?
        /// The names of the error shapes the model lists for the operation.
        public let errors: [String]

        /// Creates an operation.
        public init(name: String, inputShape: String?, outputShape: String?, errors: [String] = []) {
            self.name = name
            self.inputShape = inputShape
            self.outputShape = outputShape
            self.errors = errors
        }
    }
}
