#!/usr/bin/env python3
"""Writes a `git fast-import` stream for a generated plan with a long history.

Usage: fast_history.py PLAN_DIR COMMITS | git -C REPO fast-import --quiet

The first commit holds every file of PLAN_DIR (except .git); then COMMITS progress updates follow,
each one appending a comment line to one commitment's progress.yaml (some commitments far busier
than others), dated over 15 months from 2025-09-01, by 20 ministries in turn. Branch: main.
The same generator as Benchmarks/report.sh; seconds for 20,000 commits, where a loop of
`git commit` would take many minutes.
"""
import os
import random
import sys

root, commits = sys.argv[1], int(sys.argv[2])
rng, out = random.Random(7), sys.stdout.buffer


def data(b):
    out.write(b"data %d\n" % len(b))
    out.write(b)
    out.write(b"\n")


files = sorted(os.path.relpath(os.path.join(d, n), root)
               for d, _, ns in os.walk(root) if "/.git" not in d + "/" for n in ns)
files = [f for f in files if not f.startswith(".git")]
t0 = 1756720800  # 2025-09-01
out.write(b"commit refs/heads/main\nmark :1\ncommitter Point of contact <poc@gouv.example> %d +0000\n" % t0)
data(b"Plan adopted")
for f in files:
    out.write(b"M 100644 inline %s\n" % f.encode())
    data(open(os.path.join(root, f), "rb").read())
ids = sorted(os.listdir(os.path.join(root, "commitments")))
base = {i: open(os.path.join(root, "commitments", i, "progress.yaml"), "rb").read() for i in ids}
count = dict.fromkeys(ids, 0)
for k in range(commits):
    i = ids[int(rng.random() ** 2 * len(ids))]
    count[i] += 1
    t = t0 + 86400 + 455 * 86400 * (k + 1) // commits
    out.write(b"commit refs/heads/main\nmark :%d\ncommitter Ministry %d <m%d@gouv.example> %d +0000\n" % (k + 2, k % 20, k % 20, t))
    data(b"Progress of %s, update %d" % (i.encode(), count[i]))
    if k == 0:
        out.write(b"from :1\n")
    out.write(b"M 100644 inline commitments/%s/progress.yaml\n" % i.encode())
    data(base[i] + b"# update %d\n" % count[i])
