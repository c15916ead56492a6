/// A failure that ends the run: the one-line reason for `output/failure`, in SageMaker's words.
enum TrainerError: Error, CustomStringConvertible, Equatable {
    /// A hyperparameter is missing a valid value.
    case hyperparameter(String)
    /// The input data is missing, corrupt or inconsistent.
    case data(String)
    /// The container contract's files or environment are unusable.
    case configuration(String)
    /// The shim failed.
    case torch(TorchError)
    /// The trainer could not write its outputs.
    case output(String)

    /// The reason: `ClientError:` for what the job's request or data can fix, else `AlgorithmError:`.
    var description: String {
        switch self {
        case .hyperparameter(let message): "ClientError: invalid hyperparameter: \(message)"
        case .data(let message): "ClientError: invalid input data: \(message)"
        case .configuration(let message): "ClientError: \(message)"
        case .torch(let error): "AlgorithmError: \(error)"
        case .output(let message): "AlgorithmError: \(message)"
        }
    }
}
