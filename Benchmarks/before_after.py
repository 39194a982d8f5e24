#!/usr/bin/env python3
"""Times one carnet command with two binaries in the same run, alternating (before, after,
before, after, ...), so that both see the same machine load: median wall time with its spread,
median CPU time (user + sys, less sensitive to other processes than wall time), and peak memory,
then the ratios after / before.

Usage: before_after.py RUNS BEFORE_BIN AFTER_BIN [--reset 'shell command'] -- ARGS...
  ARGS are carnet's arguments; `{out}` in them becomes a fresh path for each run (a dashboard
  folder that does not exist yet). `--reset` runs before each run (e.g. a git reset --hard).
Example:
  Benchmarks/before_after.py 5 /tmp/carnet-main .build-bench/release/carnet -- \\
      report dashboard -C /tmp/plan --out {out} --lang en --as-of 2026-12-01
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(binary, args, reset, scratch):
    if reset:
        subprocess.run(reset, shell=True, check=True)
    out = tempfile.mktemp(dir=scratch)
    argv = [binary] + [a.replace("{out}", out) for a in args]
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the command ran and found something to say (e.g. warnings)
        sys.exit(f"{binary} {' '.join(argv[1:])} exited {code}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def summary(label, rows):
    walls, cpus, mbs = zip(*rows)
    return (f"{label:<7} wall {statistics.median(walls):7.2f} s ({min(walls):.2f}–{max(walls):.2f})  "
            f"cpu {statistics.median(cpus):6.2f} s ({min(cpus):.2f}–{max(cpus):.2f})  "
            f"peak {max(mbs):6.1f} MB")


def main():
    argv = sys.argv[1:]
    runs, before, after = int(argv[0]), argv[1], argv[2]
    rest = argv[3:]
    reset = None
    if rest[:1] == ["--reset"]:
        reset, rest = rest[1], rest[2:]
    if rest[:1] != ["--"]:
        sys.exit(__doc__)
    args = rest[1:]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        results = {"before": [], "after": []}
        for _ in range(runs):
            results["before"].append(run_once(before, args, reset, scratch))
            results["after"].append(run_once(after, args, reset, scratch))
    print(f"carnet {' '.join(args)}")
    print(f"{runs} runs each, alternating; load average at start {load:.1f} on {os.cpu_count()} cores")
    print(summary("before", results["before"]))
    print(summary("after", results["after"]))
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    b, a = results["before"], results["after"]
    print(f"after / before: wall x{med(a, 0) / med(b, 0):.2f}, cpu x{med(a, 1) / med(b, 1):.2f}, "
          f"peak x{max(r[2] for r in a) / max(r[2] for r in b):.2f}")


if __name__ == "__main__":
    main()
