import Foundation
import KubernetesClient

/// A local control plane (etcd, kube-apiserver, kube-controller-manager, no kubelet) started by
/// scripts/kube/start.sh, one per test process: started on first use, stopped by scripts/kube/stop.sh at exit.
/// The tests fail, not skip, when the binaries are missing.
public final class KubeCluster: Sendable {
    public let directory: String
    public let kubeconfigPath: String

    /// The shared cluster.
    public static func shared() async throws -> KubeCluster {
        try await Starter.shared.cluster()
    }

    private init(directory: String) {
        self.directory = directory
        kubeconfigPath = directory + "/kubeconfig"
    }

    /// A client configured from the cluster's kubeconfig, as a user would load it.
    public func client() throws -> KubernetesClient {
        let configuration = try KubernetesConfiguration.load(
            environment: ["KUBECONFIG": kubeconfigPath, "HOME": "/nonexistent"])
        return try KubernetesClient(configuration: configuration)
    }

    /// A fresh namespace.
    public func makeNamespace(_ client: KubernetesClient, prefix: String) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.resources(.namespaces).create(KubernetesObject(name: name))
        return name
    }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/KubeTestSupport/KubeCluster.swift
        return url.path
    }()

    private static func start() async throws -> KubeCluster {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["SAGE_CACHE"] ?? NSHomeDirectory() + "/.cache/sagetrain"
        let binaries = environment["KUBE_BIN_DIR"] ?? cache + "/kube/bin"
        for binary in ["kube-apiserver", "kube-controller-manager"]
        where !FileManager.default.isExecutableFile(atPath: binaries + "/" + binary) {
            throw SetupError("\(binaries)/\(binary) is missing: run scripts/kube/build.sh (about 8 minutes) first")
        }
        let directory = NSTemporaryDirectory() + "kube-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        Stopper.directory = directory
        atexit { Stopper.stop() }
        // Compaction every 2 s (instead of 5 min) so that old resourceVersions expire: watches of Events, which
        // the API server does not cache, then get 410 Gone from etcd.
        let status = try await run(
            packageRoot + "/scripts/kube/start.sh", [directory], log: directory + "/start.log",
            environment: ["KUBE_APISERVER_EXTRA_ARGS=--etcd-compaction-interval=2s"])
        guard status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/start.log", encoding: .utf8)) ?? ""
            throw SetupError("scripts/kube/start.sh failed (\(status)):\n\(log)")
        }
        return KubeCluster(directory: directory)
    }

    /// Runs a script to its end, its output into `log`, waiting on a thread of its own (not the cooperative
    /// pool). posix_spawn and waitpid: Foundation's `Process` does not notice this script's end here.
    static func run(
        _ executable: String, _ arguments: [String], log: String, environment: [String] = []
    ) async throws -> Int32 {
        let pid = try spawn(executable, arguments, log: log, environment: environment)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: waitForExit(pid)) }
        }
    }

    /// Starts `executable` with its output into `log`.
    static func spawn(
        _ executable: String, _ arguments: [String], log: String, environment: [String] = []
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let inherited = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp = (inherited + environment).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw SetupError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// Blocks until `pid` ends; its exit status (128 + the signal when killed).
    static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Starts the cluster once, whoever asks first.
    private actor Starter {
        static let shared = Starter()
        private var task: Task<KubeCluster, any Error>?

        func cluster() async throws -> KubeCluster {
            if let task { return try await task.value }
            let task = Task { try await KubeCluster.start() }
            self.task = task
            return try await task.value
        }
    }

    /// Stops the cluster at exit (atexit takes no context).
    private enum Stopper {
        nonisolated(unsafe) static var directory: String?

        static func stop() {
            guard let directory else { return }
            let stop = KubeCluster.packageRoot + "/scripts/kube/stop.sh"
            guard let pid = try? KubeCluster.spawn(stop, [directory], log: "/dev/null") else { return }
            _ = KubeCluster.waitForExit(pid)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

public struct SetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds, failing after `timeout`.
public func eventually(
    _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw SetupError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(200))
    }
}

/// Runs `body`, failing if it takes longer than `timeout`.
public func withTimeout<T: Sendable>(
    _ what: String, _ timeout: Duration = .seconds(30), _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw SetupError("timed out: \(what)")
        }
        group.cancelAll()
        return value
    }
}
