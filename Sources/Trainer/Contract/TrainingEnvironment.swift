import Foundation

/// What SageMaker's container contract tells the trainer: the ML root's files and the environment.
struct TrainingEnvironment: Sendable {
    /// The environment variable naming the ML root (set by the local backend; `/opt/ml` in a container).
    static let baseDirectoryVariable = "SAGEMAKER_BASE_DIR"
    /// The ML root in a SageMaker container.
    static let containerRoot = "/opt/ml"
    /// The TCPStore port when neither `MASTER_PORT` nor a single host makes it unnecessary.
    static let defaultMasterPort = 29500

    /// The ML root.
    let root: String
    /// `input/config/hyperparameters.json`.
    let hyperparameters: [String: String]
    /// This host's name.
    let currentHost: String
    /// All hosts of the job, `algo-1` first.
    let hosts: [String]
    /// The input channels: name → directory.
    let channels: [String: String]
    /// Where checkpoints go, when the job has a CheckpointConfig.
    let checkpointDirectory: String?
    /// This process's rank.
    let rank: Int
    /// The number of ranks.
    let worldSize: Int
    /// The rank-0 host's address.
    let masterAddress: String
    /// The rank-0 host's TCPStore port.
    let masterPort: Int
    /// CPUs this host may use.
    let cpuCount: Int

    /// A path under the ML root.
    func path(_ relative: String) -> String { root + "/" + relative }
    /// `model/`: what is packaged as model.tar.gz.
    var modelDirectory: String { path("model") }
    /// `output/data/`: packaged as output.tar.gz.
    var outputDataDirectory: String { path("output/data") }
    /// `output/failure`: the one-line failure reason.
    var failureFile: String { path("output/failure") }

    /// Reads the contract from the ML root named by `environment` (default `/opt/ml`).
    static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TrainerError)
        -> TrainingEnvironment
    {
        let root = nonEmpty(environment[baseDirectoryVariable]) ?? containerRoot
        let reader = ContractFiles(root: root)
        let hyperparameters = try reader.hyperparameters()
        let resources = try reader.resourceConfig()
        let channels = try reader.channels(environment: environment)
        let checkpoints = try reader.checkpointDirectory(environment: environment)
        let worldSize = try integer(environment, "WORLD_SIZE", in: 1...65_536) ?? resources.hosts.count
        let rank =
            try integer(environment, "RANK", in: 0...65_535) ?? resources.hosts.firstIndex(of: resources.currentHost)
            ?? 0
        guard rank < worldSize else {
            throw .configuration("RANK \(rank) is not below WORLD_SIZE \(worldSize)")
        }
        let cpus =
            try integer(environment, "SM_NUM_CPUS", in: 1...65_536) ?? ProcessInfo.processInfo.activeProcessorCount
        return TrainingEnvironment(
            root: root, hyperparameters: hyperparameters, currentHost: resources.currentHost, hosts: resources.hosts,
            channels: channels, checkpointDirectory: checkpoints, rank: rank, worldSize: worldSize,
            masterAddress: nonEmpty(environment["MASTER_ADDR"]) ?? resources.hosts[0],
            masterPort: try integer(environment, "MASTER_PORT", in: 1...65_535) ?? defaultMasterPort,
            cpuCount: cpus)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func integer(
        _ environment: [String: String], _ name: String, in range: ClosedRange<Int>
    ) throws(TrainerError) -> Int? {
        guard let text = nonEmpty(environment[name]) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .configuration("the environment variable \(name) must be an integer in \(range), got '\(text)'")
        }
        return value
    }
}
