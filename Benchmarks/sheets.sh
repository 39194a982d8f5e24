#!/usr/bin/env bash
# Issue 15's figures: the progress workbook of a generated plan of 1,000 commitments x 10
# milestones (the point of contact's: every row, 11,000 of them) — `carnet export progress`,
# and `carnet import progress` of that workbook after openpyxl changed 200 cells — wall time
# and peak memory, median of $RUNS runs with the spread (min–max). Baseline in the same run:
# openpyxl reading the same workbook (read-only mode, every cell), what any importer pays.
# Goal: each under 2 s and 200 MB.
# And `carnet plan import` of the same plan from the blank template filled by openpyxl
# (Tests/SheetsTests/plan_filler.py: first language only) into a new folder, baseline openpyxl
# reading that workbook.
#   CARNET_BIN=… Benchmarks/sheets.sh   (else a release build in .build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source Benchmarks/common.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install -q openpyxl 2>/dev/null \
    || python3 -m pip install -q --break-system-packages openpyxl
python3 -c "import yaml" 2>/dev/null || python3 -m pip install -q pyyaml 2>/dev/null \
    || python3 -m pip install -q --break-system-packages pyyaml

N=${N:-1000}; M=${M:-10}; RUNS=${RUNS:-5}
work=$(mktemp -d /tmp/carnet-sheets-bench-XXXX)
trap 'rm -rf "$work"' EXIT
release_carnet "$work"

python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
git -C "$work/plan" init -q -b main
git -C "$work/plan" -c user.name=Bench -c user.email=b@x add -A
git -C "$work/plan" -c user.name=Bench -c user.email=b@x commit -q -m "Plan adopted"
git -C "$work/plan" config user.name Bench
git -C "$work/plan" config user.email b@x
head0=$(git -C "$work/plan" rev-parse HEAD)

# measure LABEL CMD... → "LABEL  median s (min–max)  peak MB"; runs $RUNS times; $reset runs before each.
reset=true
measure() {
    local label=$1; shift
    : >"$work/runs"
    for _ in $(seq "$RUNS"); do
        $reset
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
        cat "$work/t" >>"$work/runs"
    done
    python3 - "$label" "$work/runs" <<'PY' | tee -a "$work/summary"
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
walls, kbs = [w for w, _ in rows], [k for _, k in rows]
print(f"{sys.argv[1]:<58} {statistics.median(walls):7.3f} s ({min(walls):.3f}–{max(walls):.3f})  "
      f"{statistics.median(kbs)/1024:7.1f} MB (max {max(kbs)/1024:.1f})")
PY
}

echo "Plan: $N commitments x $M milestones; median of $RUNS runs (min–max)"
measure "carnet export progress (all ministries)" "$carnet" export progress -C "$work/plan" -o "$work/progress.xlsx"
"$carnet" export progress -C "$work/plan" -o "$work/progress.xlsx" >/dev/null
python3 - "$work/progress.xlsx" "$work/edited.xlsx" <<'PY'
import random, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.worksheets[0]
rng = random.Random(15)
for row in rng.sample(range(3, ws.max_row + 1), 200):
    ws.cell(row=row, column=10).value = f"Note {row} from the benchmark"
wb.save(sys.argv[2])
PY
measure "baseline: openpyxl reads every cell (read-only)" python3 -c \
    'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1], read_only=True); [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r]' \
    "$work/edited.xlsx"
reset="git -C $work/plan reset -q --hard $head0"
measure "carnet import progress (200 notes changed, one commit)" "$carnet" import progress -C "$work/plan" "$work/edited.xlsx"
git -C "$work/plan" log -1 --format=%s
# The same workbook as OpenDocument (ODSWriter / ODSReader): written, then read and checked whole
# (untouched, so no commit).
git -C "$work/plan" reset -q --hard "$head0"
reset=true
measure "carnet export progress --format ods" "$carnet" export progress -C "$work/plan" --format ods -o "$work/progress.ods"
measure "carnet import progress of that .ods (untouched: read, checked, no commit)" "$carnet" import progress -C "$work/plan" "$work/progress.ods"

"$carnet" plan template -o "$work/template.xlsx" >/dev/null
python3 Tests/SheetsTests/plan_filler.py "$work/template.xlsx" "$work/plan" "$work/filled.xlsx"
reset=true
measure "baseline: openpyxl reads the filled plan workbook (read-only)" python3 -c \
    'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1], read_only=True); [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r]' \
    "$work/filled.xlsx"
reset="rm -rf $work/imported"
measure "carnet plan import (new folder, one commit)" "$carnet" plan import "$work/filled.xlsx" "$work/imported" --name Bench --email b@x
python3 - "$work/summary" <<'PY'
import re, sys
ok = True
for line in open(sys.argv[1]):
    if line.startswith("carnet"):
        wall = float(re.findall(r"([\d.]+) s", line)[0])
        mb = float(re.findall(r"([\d.]+) MB", line)[0])
        ok = ok and wall < 2 and mb < 200
print(f"goal (export and import each under 2 s and 200 MB): {'met' if ok else 'NOT met'}")
PY
