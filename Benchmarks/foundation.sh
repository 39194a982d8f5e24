#!/usr/bin/env bash
# Issue 2's figures: `carnet validate` and one `carnet milestone set` on a generated plan of
# 1,000 commitments x 10 milestones — wall time and peak memory — beside a baseline run in the
# same invocation (PyYAML parsing the same files; git CLI committing the same one-line edit).
# Goals: validate under 1 s and 150 MB; an edit under 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
python3 -c 'import yaml' 2>/dev/null || pip install -q pyyaml

N=${N:-1000}; M=${M:-10}; RUNS=${RUNS:-5}
scripts/build-release.sh >/dev/null 2>&1 || { echo "the release build failed: run scripts/build-release.sh to see why"; exit 1; }
carnet="$PWD/.build/release/carnet"
work=$(mktemp -d /tmp/carnet-bench-XXXX)
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M"
git -C "$work/plan" init -q -b main
git -C "$work/plan" -c user.name=Bench -c user.email=b@x add -A
git -C "$work/plan" -c user.name=Bench -c user.email=b@x commit -q -m "generated"
git -C "$work/plan" config user.name Bench
git -C "$work/plan" config user.email bench@example.org
export CARNET_TODAY=2025-10-01

# measure LABEL CMD... → prints "LABEL  best wall s  peak RSS MB" over $RUNS runs
measure() {
    local label=$1; shift
    local best=999999 peak=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { [[ $? -eq 65 ]] || { cat "$work/err"; exit 1; }; }
        read -r wall kb <"$work/t"
        best=$(python3 -c "print(min($best, $wall))")
        peak=$(( kb > peak ? kb : peak ))
    done
    printf "%-44s %8.3f s %8.1f MB\n" "$label" "$best" "$(python3 -c "print($peak/1024)")"
    echo "$best" >"$work/last"
}

echo "Plan: $N commitments x $M milestones ($(find "$work/plan" -name '*.yaml' | wc -l) record files), best of $RUNS runs"
measure "baseline: PyYAML safe_load of every record" python3 -c '
import sys, yaml, pathlib
for p in pathlib.Path(sys.argv[1]).rglob("*.yaml"): yaml.safe_load(p.read_text())' "$work/plan"
base_validate=$(cat "$work/last")
measure "carnet validate" "$carnet" validate "$work/plan"
carnet_validate=$(cat "$work/last")

i=0
edit_git() {
    i=$((i+1))
    sed -i "0,/completion: .*/s//completion: limited/" "$work/plan/commitments/c0500/progress.yaml"
    echo "# $i" >>"$work/plan/commitments/c0500/progress.yaml"
    git -C "$work/plan" add commitments/c0500/progress.yaml && git -C "$work/plan" commit -q -m "edit $i"
}
export -f edit_git; export work i
measure "baseline: sed + git add + git commit" bash -c edit_git
base_edit=$(cat "$work/last")
git -C "$work/plan" reset -q --hard HEAD~$RUNS
levels=(limited substantial complete not-started limited substantial complete)
k=0
measure "carnet milestone set" bash -c '
  lv=(limited substantial complete not-started); n=$(( $(date +%N) % 4 ))
  "$0" milestone set c0500 m3 --completion ${lv[$n]} --note "note $RANDOM" -C "$1"' "$carnet" "$work/plan"
carnet_edit=$(cat "$work/last")
python3 - "$base_validate" "$carnet_validate" "$base_edit" "$carnet_edit" <<'PY'
import sys
bv, cv, be, ce = map(float, sys.argv[1:])
print(f"ratio validate: carnet / PyYAML = {cv / bv:.2f}  (goal: carnet under 1 s: {'met' if cv < 1 else 'NOT met'})")
print(f"ratio edit: carnet / git CLI = {ce / be:.2f}  (goal: under 100 ms: {'met' if ce < 0.1 else 'NOT met'})")
PY
echo "history: $(git -C "$work/plan" rev-list --count HEAD) commits; git fsck: $(git -C "$work/plan" fsck --full >/dev/null 2>&1 && echo ok || echo FAILED)"
