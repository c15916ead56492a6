"""Where a training step's time goes: the trainer's step (batch 64, Adam) in Python PyTorch on the same libtorch,
under torch.profiler, per ATen operator. The shim runs the same operators (Sources/CTorch/training.cpp: forward,
cross-entropy, backward, Adam step), so this is the breakdown of ours too, less Python's dispatch. Not part of
run.sh; run it on a quiet machine, e.g. with and without OPENBLAS_CORETYPE=SkylakeX:

    /usr/bin/python3 profile_step.py [--threads 2] [--batch-size 64] [--steps 20]
"""

import argparse
import time

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

import common


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = common.ClassicCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(args.batch_size, 1, 28, 28), torch.randint(0, 10, (args.batch_size,))

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    model.train()
    for _ in range(10):
        step()
    start = time.perf_counter()
    for _ in range(args.steps * 2):
        step()
    seconds = (time.perf_counter() - start) / (args.steps * 2)
    print("step %.1f ms, %.0f samples/s (unprofiled)" % (1e3 * seconds, args.batch_size / seconds))
    with profile(activities=[ProfilerActivity.CPU]) as profiler:
        for _ in range(args.steps):
            step()
    total = sum(event.self_cpu_time_total for event in profiler.key_averages())
    print("%-44s %10s %7s" % ("operator (self time)", "ms/step", "share"))
    for event in sorted(profiler.key_averages(), key=lambda e: -e.self_cpu_time_total)[:16]:
        print("%-44s %10.2f %6.1f%%" % (event.key, event.self_cpu_time_total / 1e3 / args.steps,
                                         100 * event.self_cpu_time_total / total))


if __name__ == "__main__":
    main()
