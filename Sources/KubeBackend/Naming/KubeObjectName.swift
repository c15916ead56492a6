/// The Kubernetes names of one training job's objects, derived from its SageMaker name.
///
/// SageMaker names (`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`) allow upper case and 63 characters; Kubernetes object
/// names here must be DNS-1035 labels (Services: lower case, a letter first, 63 characters at most). The base
/// name is the original lower-cased, every other character turned into `-` (runs of `-` made one), trimmed,
/// prefixed with `job-` unless it starts with a letter, cut to 42 characters, then `-` and a 10-digit hash of the
/// lower-cased original (``StableHash``): `MyJob` and `myjob` are one job to SageMaker (names are unique without
/// regard to case) and so map to the same objects, which makes the cluster refuse the second; names that differ
/// in more than case never collide; and every derived name (`<base>-algo-9999`) fits in 63. The original name stays in the `sagetrain.io/training-job-name` annotation.
public struct KubeObjectName: Sendable, Hashable, CustomStringConvertible {
    /// The longest Kubernetes name (a DNS label).
    public static let maximumLength = 63
    /// The most hosts a job may have, so that `algo-N` keeps derived names within ``maximumLength``.
    public static let maximumHostCount = 9999
    /// The longest readable part before the hash: room for `-<hash>-algo-9999`.
    static let maximumPrefixLength = maximumLength - 1 - StableHash.length - "-algo-\(maximumHostCount)".count

    /// The SageMaker `TrainingJobName`, as given.
    public let trainingJobName: String
    /// The base name (at most 53 characters); also the root record's and the Service's name.
    public let base: String

    /// The names of the objects of the job `trainingJobName`.
    public init(trainingJobName: String) {
        self.trainingJobName = trainingJobName
        var prefix = String(
            trainingJobName.lowercased().unicodeScalars.map { scalar -> Character in
                let isLowerAlphanumeric = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                return isLowerAlphanumeric ? Character(scalar) : "-"
            })
        while prefix.contains("--") { prefix = prefix.split(separator: "-").joined(separator: "-") }
        prefix = Self.trimmingHyphens(prefix)
        if !(prefix.first.map { ("a"..."z").contains($0) } ?? false) { prefix = "job-" + prefix }
        prefix = Self.trimmingHyphens(String(prefix.prefix(Self.maximumPrefixLength)))
        base = prefix + "-" + StableHash.digits(of: trainingJobName.lowercased())
    }

    /// The root object: the ConfigMap holding the job's record, owner of everything else.
    public var record: String { base }
    /// The ConfigMap of `input/config` files and the runtime's job document.
    public var configuration: String { base + "-config" }
    /// The headless Service that gives the hosts their DNS names.
    public var service: String { base }

    /// The batch/v1 Job that runs `host` (`algo-N`).
    public func job(forHost host: String) -> String { base + "-" + host }

    /// The base name.
    public var description: String { base }

    private static func trimmingHyphens(_ text: String) -> String {
        String(text.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}
