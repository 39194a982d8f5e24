#!/usr/bin/env bash
# A participation edit (`carnet meeting add`, `review set`…) on a 1,000-commitment plan: it judges
# the record with what it refers to (WorkingCopy.ValidationScope, as hand edits and the hub's
# verify do), not the whole plan. Baseline: a carnet that validates the whole plan (BEFORE_BIN,
# e.g. a build of main before the change), timed in the same run, alternating, by
# Benchmarks/before_after.py: median wall and CPU time with their spread, peak memory.
# Each run starts from the same commit (git reset --hard), so each adds the same meeting.
#
#   BEFORE_BIN=/tmp/carnet-main CARNET_BIN=.build/debug/carnet Benchmarks/participation.sh
#   N=1000 M=10 RUNS=7 …
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
N=${N:-1000}; M=${M:-10}; RUNS=${RUNS:-7}
[[ -n ${BEFORE_BIN:-} ]] || { echo "BEFORE_BIN: the baseline carnet to compare with"; exit 64; }
work=$(mktemp -d /tmp/carnet-participation-bench-XXXX)
trap 'rm -rf "$work"' EXIT
source Benchmarks/common.sh
release_carnet "$work"
poc=poc@gouv.example

python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
git -C "$work/plan" init -q -b main
git -C "$work/plan" add -A
git -C "$work/plan" -c user.name="Point de contact" -c user.email=$poc commit -q -m "Plan adopted"
"$carnet" whoami -C "$work/plan" --name "Point de contact" --email $poc >/dev/null
tip=$(git -C "$work/plan" rev-parse HEAD)

echo "plan: $N commitments x $M milestones"
python3 Benchmarks/before_after.py "$RUNS" "$(realpath "$BEFORE_BIN")" "$carnet" \
    --reset "git -C $work/plan reset -q --hard $tip && git -C $work/plan clean -qfdx" -- \
    meeting add 2026-02-19 --title "Forum multipartite" -C "$work/plan"
