import CTorch
import Foundation
import Glibc
import Testing

/// Two ranks in one process, each on its own thread, as two hosts would be.
@Suite("CTorch shim: process group and gradient all-reduce", .serialized)
struct DistributedShimTests {
    /// A handle that may cross to another thread (each is used by one thread at a time).
    struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Runs `body(rank, group)` on two threads joined in one process group; returns their results by rank.
    static func withTwoRanks<Result: Sendable>(
        _ body: @escaping @Sendable (Int, Handle) throws -> Result
    ) throws -> [Result] {
        let port = try freePort()
        let results = ResultBox<Result>()
        let done = DispatchGroup()
        for rank in 0..<2 {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                var group: OpaquePointer?
                guard ctorch_process_group_create("127.0.0.1", Int32(port), Int32(rank), 2, 60, 0, &group) == CTORCH_OK,
                    let group
                else {
                    results.fail("rank \(rank) could not join: \(String(cString: ctorch_last_error()))")
                    return
                }
                defer { ctorch_process_group_free(group) }
                do { results.set(rank, try body(rank, Handle(pointer: group))) } catch { results.fail("\(error)") }
                _ = ctorch_process_group_barrier(group)
            }
            thread.start()
        }
        done.wait()
        return try results.values(count: 2)
    }

    @Test func allReduceSumsMinimaAndMaxima() throws {
        let results = try Self.withTwoRanks { rank, group -> [Double] in
            #expect(ctorch_process_group_rank(group.pointer) == Int32(rank))
            #expect(ctorch_process_group_size(group.pointer) == 2)
            var sums = [Double(rank + 1), Double(10 * (rank + 1))]
            var minima = [Double(rank + 1)]
            var maxima = [Double(rank + 1)]
            Shim.ok(ctorch_process_group_allreduce(group.pointer, &sums, 2, CTORCH_REDUCE_SUM))
            Shim.ok(ctorch_process_group_allreduce(group.pointer, &minima, 1, CTORCH_REDUCE_MIN))
            Shim.ok(ctorch_process_group_allreduce(group.pointer, &maxima, 1, CTORCH_REDUCE_MAX))
            #expect(ctorch_process_group_allreduce(group.pointer, &maxima, 1, 9) == CTORCH_ERROR_INVALID_ARGUMENT)
            return sums + minima + maxima
        }
        #expect(results == [[3, 30, 1, 2], [3, 30, 1, 2]])
    }

    /// DDP's promise: W ranks with per-rank batch B/W take the same steps as one process with batch B, whether fc1's
    /// weight gradient is gathered from its factors or all-reduced with the rest.
    @Test(arguments: [CTORCH_OPTIMIZER_SGD, CTORCH_OPTIMIZER_ADAM], [true, false])
    func twoRanksWithHalfBatchesMatchOneProcess(optimizerKind: Int32, gathersFC1: Bool) throws {
        let configure: @Sendable (inout ctorch_cnn_config) -> Void = {
            Shim.toyConfig(&$0)
            $0.dropout1 = 0  // dropout masks would differ between the layouts
            $0.dropout2 = 0
        }
        let steps = 4
        let order: [Int64] = (0..<Int64(64)).map { ($0 * 37) % 64 }  // a fixed permutation
        let single = try Shim.model(configure)
        let optimizer = try Shim.optimizer(single, kind: optimizerKind, lr: 0.01)
        let dataset = try Shim.toyDataset(count: 64)
        defer {
            ctorch_optimizer_free(optimizer)
            ctorch_model_free(single)
        }
        let initialFile = FileManager.default.temporaryDirectory.appendingPathComponent("ddp-\(UUID().uuidString).pt")
            .path
        defer { try? FileManager.default.removeItem(atPath: initialFile) }
        Shim.ok(ctorch_model_save(single, initialFile))
        let initial = Shim.parameters(single)
        let shared = Handle(pointer: dataset)
        // Ranks start from the single model's weights: rank 0 loads them, rank 1 gets them by broadcast.
        let ranks = try Self.withTwoRanks { rank, group -> [Float] in
            let model = try Shim.model(configure)
            defer { ctorch_model_free(model) }
            if rank == 0 { Shim.ok(ctorch_model_load(model, initialFile)) }
            Shim.ok(ctorch_process_group_broadcast_parameters(group.pointer, model, 0))
            Shim.ok(ctorch_process_group_set_gathered_linear_gradient(group.pointer, gathersFC1 ? 1 : 0))
            #expect(ctorch_process_group_gathers_linear_gradient(group.pointer) == (gathersFC1 ? 1 : 0))
            #expect(Shim.parameters(model) == initial, "rank \(rank) starts from rank 0's weights")
            let rankOptimizer = try Shim.optimizer(model, kind: optimizerKind, lr: 0.01)
            defer { ctorch_optimizer_free(rankOptimizer) }
            var stats = ctorch_step_stats()
            for step in 0..<steps {
                let batch = stride(from: step * 16 + rank, to: (step + 1) * 16, by: 2).map { order[$0] }
                Shim.ok(ctorch_train_step(model, rankOptimizer, shared.pointer, batch, 8, group.pointer, &stats))
            }
            return Shim.parameters(model)
        }
        var stats = ctorch_step_stats()
        for step in 0..<steps {
            let batch = Array(order[step * 16..<(step + 1) * 16])
            Shim.ok(ctorch_train_step(single, optimizer, dataset, batch, 16, nil, &stats))
        }
        ctorch_dataset_free(dataset)
        let reference = Shim.parameters(single)
        #expect(ranks[0] == ranks[1], "ranks must hold identical weights")
        let difference = zip(ranks[0], reference).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-5, "largest difference from one process: \(difference)")
    }

    @Test func joiningAGroupWithoutPeersTimesOut() {
        var group: OpaquePointer?
        let port = (try? Self.freePort()) ?? 29_999
        #expect(ctorch_process_group_create("127.0.0.1", Int32(port), 1, 2, 1, 0, &group) == CTORCH_ERROR_DISTRIBUTED)
        #expect(group == nil)
        #expect(Shim.lastError.contains("joining the process group failed"), "\(Shim.lastError)")
    }

    /// A TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        try #require(bound == 0)
        var actual = length
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &actual) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Results of the rank threads.
final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Value] = [:]
    private var failures: [String] = []

    func set(_ rank: Int, _ value: Value) { lock.withLock { results[rank] = value } }
    func fail(_ message: String) { lock.withLock { failures.append(message) } }

    func values(count: Int) throws -> [Value] {
        try lock.withLock {
            guard failures.isEmpty else { throw ShimTestError(message: failures.joined(separator: "; ")) }
            return try (0..<count).map { rank in try #require(results[rank]) }
        }
    }
}

/// A failure on a rank thread.
struct ShimTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
