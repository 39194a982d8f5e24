#!/usr/bin/env bash
# Issue 5's figures: `carnet report dashboard` and `carnet report self-assessment` on a generated
# plan of 1,000 commitments x 10 milestones with 20,000 commits of history — wall time and peak
# memory — beside a baseline in the same invocation (git CLI reading the same history:
# `git log --name-only`, what a dashboard that walks all of history would pay at least).
# Then the same plan with 5,000 commits: the dashboard's time should barely change (it grows
# with commitments, not with history), and 500 commitments, where it should roughly halve.
# Goals: the dashboard under 2 s and 300 MB.
#   SCRATCH=.build-report Benchmarks/report.sh   (another SwiftPM scratch path)
#   CARNET_BIN=/path/to/release/carnet Benchmarks/report.sh   (a binary already built: no build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[[ -x scripts/install-deps.sh ]] && scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

N=${N:-1000}; M=${M:-10}; COMMITS=${COMMITS:-20000}; RUNS=${RUNS:-5}; SCRATCH=${SCRATCH:-.build}
if [[ -n "${CARNET_BIN:-}" ]]; then
    carnet=$(realpath "$CARNET_BIN")
else
    scripts/build-release.sh "$SCRATCH" >/dev/null 2>&1 || { echo "the release build failed: run scripts/build-release.sh to see why"; exit 1; }
    carnet="$PWD/$SCRATCH/release/carnet"
fi
work=$(mktemp -d /tmp/carnet-report-bench-XXXX)
trap 'rm -rf "$work"' EXIT
AS_OF=2026-12-01

# make_plan DIR COMMITMENTS COMMITS: a generated plan whose git history has COMMITS progress
# updates after the first commit (fast-import: seconds, not minutes), dated over 15 months.
make_plan() {
    python3 Benchmarks/generate_plan.py "$1" "$2" "$M" >/dev/null
    git -C "$1" init -q -b main
    python3 - "$1" "$3" <<'PY' | git -C "$1" fast-import --quiet
import os, sys, random
root, commits = sys.argv[1], int(sys.argv[2])
rng, out = random.Random(7), sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
files = sorted(os.path.relpath(os.path.join(d, n), root) for d, _, ns in os.walk(root) if "/.git" not in d + "/" for n in ns)
files = [f for f in files if not f.startswith(".git")]
t0 = 1756720800  # 2025-09-01
out.write(b"commit refs/heads/main\nmark :1\ncommitter Point of contact <p@x> %d +0000\n" % t0)
data(b"Plan adopted")
for f in files:
    out.write(b"M 100644 inline %s\n" % f.encode()); data(open(os.path.join(root, f), "rb").read())
ids = sorted(os.listdir(os.path.join(root, "commitments")))
base = {i: open(os.path.join(root, "commitments", i, "progress.yaml"), "rb").read() for i in ids}
count = dict.fromkeys(ids, 0)
for k in range(commits):
    i = ids[int(rng.random() ** 2 * len(ids))]   # some commitments far busier than others
    count[i] += 1
    t = t0 + 86400 + 455 * 86400 * (k + 1) // commits
    out.write(b"commit refs/heads/main\nmark :%d\ncommitter Ministry %d <m@x> %d +0000\n" % (k + 2, k % 20, t))
    data(b"Progress of %s, update %d" % (i.encode(), count[i]))
    if k == 0: out.write(b"from :1\n")
    out.write(b"M 100644 inline commitments/%s/progress.yaml\n" % i.encode())
    data(base[i] + b"# update %d\n" % count[i])
PY
    git -C "$1" checkout -q -f main
}

# measure LABEL CMD... → prints "LABEL  median wall s (min–max)  peak RSS MB" over $RUNS runs
measure() {
    local label=$1; shift
    local walls="" peak=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
        read -r wall kb <"$work/t"
        walls="$walls $wall"
        peak=$(( kb > peak ? kb : peak ))
    done
    read -r median low high < <(python3 -c "import statistics, sys; w = sorted(map(float, sys.argv[1:])); print(statistics.median(w), w[0], w[-1])" $walls)
    printf "%-52s %8.3f s (%.3f–%.3f) %8.1f MB\n" "$label" "$median" "$low" "$high" "$(python3 -c "print($peak/1024)")"
    echo "$median $peak" >"$work/last"
}

# The dashboard command for PLAN and OUT (time(1) runs programs, not shell functions).
# Each run writes a fresh folder (OUT.XXXXXX): a first publication, not a rewrite.
dashboard=(bash -c 'cd "$1" && exec "$0" report dashboard --out "$(mktemp -u "$2.XXXXXX")" --lang en --as-of "$3"')

make_plan "$work/big" "$N" "$COMMITS"
echo "Plan: $N commitments x $M milestones, $(git -C "$work/big" rev-list --count HEAD) commits; median (min–max) of $RUNS runs"
measure "baseline: git log --name-only (whole history)" git -C "$work/big" log --name-only --format=%H%an%s
read -r base_wall _ <"$work/last"
measure "carnet report dashboard" "${dashboard[@]}" "$carnet" "$work/big" "$work/site" "$AS_OF"
read -r dash_wall dash_kb <"$work/last"
for format in md docx; do
    measure "carnet report self-assessment --format $format" bash -c \
        'cd "$1" && "$0" report self-assessment --term mid --lang en --format "$2" --out "$3"' \
        "$carnet" "$work/big" "$format" "$work/draft.$format"
done
site=$(ls -d "$work"/site.* | head -1)
echo "site: $(find "$site" -type f | wc -l) files, $(du -sh "$site" | cut -f1)"

# The same history as git packs it (`git repack -a -d -f`: the shape `git gc` leaves and a clone
# of the hub receives from git's pack-objects): each file's newest version whole, older ones as
# deltas from it. fast-import's pack above runs every file's deltas from old to new, the shape
# that costs libgit2 most on a walk from the newest commit (its cache of delta bases is shared by
# the run's threads and emptied whole when full). Not a goal of its own: a second view.
cp -a "$work/big" "$work/packed" && git -C "$work/packed" repack -a -d -f -q
measure "carnet report dashboard, same history packed by git" "${dashboard[@]}" "$carnet" "$work/packed" "$work/site4" "$AS_OF"

make_plan "$work/short" "$N" 5000
measure "carnet report dashboard, $N commitments, 5,000 commits" "${dashboard[@]}" "$carnet" "$work/short" "$work/site2" "$AS_OF"
read -r short_wall _ <"$work/last"
make_plan "$work/half" $((N / 2)) "$COMMITS"
measure "carnet report dashboard, $((N / 2)) commitments, $COMMITS commits" "${dashboard[@]}" "$carnet" "$work/half" "$work/site3" "$AS_OF"
read -r half_wall _ <"$work/last"

python3 - "$base_wall" "$dash_wall" "$dash_kb" "$short_wall" "$half_wall" <<'PY'
import sys
base, dash, kb, short, half = map(float, sys.argv[1:])
print(f"ratio dashboard / git log of the whole history = {dash / base:.2f}")
print(f"history 20,000 → 5,000 commits: dashboard time x{short / dash:.2f} (flat is the goal)")
print(f"commitments {1000} → {500}: dashboard time x{half / dash:.2f} (about 0.5 is linear)")
ok = dash < 2 and kb / 1024 < 300
print(f"goal (dashboard under 2 s and 300 MB): {'met' if ok else 'NOT met'}")
PY
