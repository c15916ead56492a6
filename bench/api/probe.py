"""The stand-in algorithm of create_latency.py: records when it started running, then exits.

Its first statement takes the time, so the figure is "the interpreter has started and runs the algorithm's code".
The file to write comes from the environment (the job's Environment, or the caller's for the floor).
"""
import time

STARTED = time.time()

import os  # noqa: E402  (after the clock, on purpose)

with open(os.environ["BENCH_PROBE_FILE"], "w") as file:
    file.write(repr(STARTED))
