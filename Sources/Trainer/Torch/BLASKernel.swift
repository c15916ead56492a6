import Foundation
import Glibc

/// Picks OpenBLAS's kernel for this CPU when Debian's OpenBLAS does not recognise it.
///
/// OpenBLAS chooses its kernel once, when the library loads, from `OPENBLAS_CORETYPE` or its CPU table. The
/// OpenBLAS 0.3.21 of Debian bookworm does not know recent Xeons and falls back to its SSE3 "Prescott" kernel, a
/// quarter of the machine's GEMM speed. When that happened and the CPU has AVX-512 (or AVX2 and FMA), the trainer
/// sets `OPENBLAS_CORETYPE` to `SkylakeX` (or `Haswell`) and re-executes itself, once, before any work. An
/// `OPENBLAS_CORETYPE` already set (by the user, the image or the first run) is always respected.
enum BLASKernel {
    static let variable = "OPENBLAS_CORETYPE"

    /// Re-executes the trainer with a better kernel when that applies; returns when it does not.
    static func selectForThisCPU() {
        guard getenv(variable) == nil, let current = loadedCoreName(), genericCores.contains(current),
            let better = bestCore(flags: cpuFlags())
        else { return }
        setenv(variable, better, 1)
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
        unsetenv(variable)  // execv failed: carry on with the kernel we have
    }

    /// OpenBLAS's fallback kernels for CPUs it does not recognise.
    static let genericCores: Set<String> = ["Prescott", "Core2", "Nehalem", "Sandybridge", "generic"]

    /// The best OpenBLAS core type for CPU flags.
    static func bestCore(flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The kernel the loaded OpenBLAS uses, or nil when the BLAS is not OpenBLAS.
    static func loadedCoreName() -> String? {
        typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename"),
            let name = unsafeBitCast(symbol, to: CoreName.self)()
        else { return nil }
        return String(cString: name)
    }

    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }
}
