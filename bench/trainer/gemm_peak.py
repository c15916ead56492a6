"""The machine's measured single-precision GEMM peak, at the benchmark's thread count: n x n float32 products,
best of several repetitions, through each GEMM the trainer's libtorch can use. Run with /usr/bin/python3; prints
one JSON object (and writes it to --out).

- `blas_default`: torch.mm, i.e. libtorch's CPU GEMM = the system BLAS (OpenBLAS) with the kernel it picks for
  this CPU on its own; this is what the trainer's linear layers run on.
- `blas_<CORE>`: the same in a child process with OPENBLAS_CORETYPE=<CORE> (OpenBLAS's DYNAMIC_ARCH override),
  default SkylakeX (AVX-512). OpenBLAS 0.3.21 does not know every newer CPU and may fall back to an old generic
  kernel (Prescott: SSE3); this measures what the same library does with a matching kernel.
- `onednn`: a oneDNN (MKL-DNN) inner product, the library libtorch runs the CNN's convolutions on.

`peak_gflops` is the highest of them: the machine's peak the training step's FLOP rate is divided by.

    /usr/bin/python3 gemm_peak.py [--n 2048] [--threads 2] [--repeats 5] [--coretype SkylakeX] [--out FILE]
"""

import argparse
import ctypes
import json
import os
import subprocess
import sys
import time

import torch


def best_seconds(fn, repeats):
    fn()  # warm-up: thread pools, page faults, JIT kernels
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def openblas():
    """The OpenBLAS build and the kernel it chose (None when the BLAS is not OpenBLAS)."""
    try:
        library = ctypes.CDLL("libopenblas.so.0")
        library.openblas_get_config.restype = ctypes.c_char_p
        library.openblas_get_corename.restype = ctypes.c_char_p
        return {"config": library.openblas_get_config().decode(), "core": library.openblas_get_corename().decode(),
                "threads": library.openblas_get_num_threads()}
    except (OSError, AttributeError):
        return None


def blas_gflops(n, repeats):
    torch.manual_seed(0)
    a, b, out = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    return 2.0 * n ** 3 / best_seconds(lambda: torch.mm(a, b, out=out), repeats) / 1e9


def onednn_gflops(n, repeats):
    if not torch.backends.mkldnn.is_available():
        return None
    torch.manual_seed(0)
    a, w = torch.randn(n, n).to_mkldnn(), torch.randn(n, n).to_mkldnn()
    return 2.0 * n ** 3 / best_seconds(lambda: torch._C._nn.mkldnn_linear(a, w, None), repeats) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--coretype", default="SkylakeX", help="OpenBLAS kernel for the second BLAS figure ('' skips)")
    parser.add_argument("--blas-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help="also write the JSON result to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.blas_only:
        print(json.dumps({"gflops": blas_gflops(args.n, args.repeats), "openblas": openblas()}))
        return
    result = {"n": args.n, "threads": torch.get_num_threads(), "torch": torch.__version__, "openblas": openblas(),
              "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"), "gflops": {}}
    result["gflops"]["blas_default"] = blas_gflops(args.n, args.repeats)
    if args.coretype and openblas() is not None:
        env = dict(os.environ, OPENBLAS_CORETYPE=args.coretype)
        child = subprocess.run(
            [sys.executable, __file__, "--blas-only", "--n", str(args.n), "--threads", str(args.threads),
             "--repeats", str(args.repeats)], env=env, capture_output=True, text=True, check=True)
        other = json.loads(child.stdout)
        result["gflops"][f"blas_{other['openblas']['core']}"] = other["gflops"]
    result["gflops"]["onednn"] = onednn_gflops(args.n, args.repeats)
    result["peak_gflops"] = max(v for v in result["gflops"].values() if v)
    result["peak_source"] = max((v or 0, k) for k, v in result["gflops"].items())[1]
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(result, handle, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
