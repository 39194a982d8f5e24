#!/usr/bin/env bash
# Issue 10's figure: the work `carnet hub verify` (the pre-receive hook) does for a push is
# proportional to what the push changes, not to the plan. Goal: under 100 ms for a one-file push
# by a ministry to a 1,000-commitment plan.
#
# Setup: the generated plan (Benchmarks/generate_plan.py, $N commitments x $M milestones over 20
# ministries), one member for min-00 (`carnet member add`), `carnet hub init`. A clone makes the
# pushes; their objects are fetched into the hub under refs/bench/ (as git would hold them in
# quarantine), and main does not move: every run judges the same push.
# Each case runs the hook directly, as git runs it: in the hub's folder, GIT_DIR set,
# CARNET_PUSHER set, git's `old new refs/heads/main` line on stdin; it must accept (exit 0).
#   1. min-00 changes one file: results: of progress.yaml of a commitment it leads;
#   2. the point of contact changes plan.yaml (the rule's fallback: the whole plan is read);
#   floor: the same hook with no update on stdin (start, open the hub, judge nothing).
# Figures over $RUNS runs (default 7): median and spread (min–max) of wall time (the shell's
# clock, around the hook and its stdin pipe), CPU time (user+sys, /usr/bin/time: 10 ms steps)
# and peak RSS (/usr/bin/time %M).
#
#   Benchmarks/verify.sh                         builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet N=1000 M=10 RUNS=7 Benchmarks/verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[[ -x /usr/bin/time ]] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null
N=${N:-1000}; M=${M:-10}; RUNS=${RUNS:-7}
((N >= 20)) || { echo "N must be at least 20 (min-00 leads commitment 20)"; exit 64; }
work=$(mktemp -d /tmp/carnet-verify-bench-XXXX)
trap 'rm -rf "$work"' EXIT
source Benchmarks/common.sh
release_carnet "$work"
poc=poc@gouv.example
member=member0@min-00.example

# --- the plan, one member of min-00, the guarded hub ---
python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
git -C "$work/plan" init -q -b main
git -C "$work/plan" add -A
git -C "$work/plan" -c user.name="Point de contact" -c user.email=$poc commit -q -m "Plan adopted"
"$carnet" whoami -C "$work/plan" --name "Point de contact" --email $poc >/dev/null
ssh-keygen -q -t ed25519 -N "" -C member0 -f "$work/key"
"$carnet" member add min-00 -C "$work/plan" --name "Member 0" --email $member --key "$work/key.pub" >/dev/null
"$carnet" hub init "$work/hub.git" --from "$work/plan" >/dev/null
old=$(git --git-dir="$work/hub.git" rev-parse main)

# --- the pushes (objects in the hub, main unchanged) ---
git clone -q "$work/hub.git" "$work/copy"
commit() { git -C "$work/copy" -c user.name="$1" -c user.email="$2" commit -q -a -m "$3"; git -C "$work/copy" rev-parse HEAD; }
sed -i 's/^results: .*/results: "Une modification"/' "$work/copy/commitments/c0020/progress.yaml"
[[ $(git -C "$work/copy" status --porcelain | wc -l) -eq 1 ]] || { echo "the edit did not change exactly one file"; exit 1; }
one_file=$(commit "Member 0" $member "Commitment c0020: results")
git -C "$work/copy" reset -q --hard "$old"
sed -i 's/^stale_after_days: .*/stale_after_days: 45/; t; $ a stale_after_days: 45' "$work/copy/plan.yaml"
plan_change=$(commit "Point de contact" $poc "Plan: stale after 45 days")
git --git-dir="$work/hub.git" fetch -q "$work/copy" "$one_file:refs/bench/one-file" "$plan_change:refs/bench/plan"

# measure LABEL PUSHER STDIN → median and spread of wall, CPU and peak RSS over $RUNS runs
measure() {
    local label=$1 pusher=$2 input=$3
    : >"$work/times"
    for _ in $(seq "$RUNS"); do
        local t0=$EPOCHREALTIME
        (cd "$work/hub.git" && printf '%s' "$input" | GIT_DIR=. CARNET_PUSHER=$pusher \
            /usr/bin/time -f "%U %S %M" -o "$work/t" "$carnet" hub verify >/dev/null 2>"$work/err") \
            || { echo "$label: verify refused (exit $?):"; cat "$work/err"; exit 1; }
        local t1=$EPOCHREALTIME
        echo "$(python3 -c "print($t1 - $t0)") $(cat "$work/t")" >>"$work/times"
    done
    python3 - "$label" "$work/times" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[2]) if line.strip()]
wall = [r[0] * 1000 for r in rows]
cpu = [(r[1] + r[2]) * 1000 for r in rows]
rss = [r[3] / 1024 for r in rows]
f = lambda xs, unit: f"{statistics.median(xs):7.0f} {unit} ({min(xs):.0f}–{max(xs):.0f})"
print(f"{sys.argv[1]:<46} wall {f(wall, 'ms')}  cpu {f(cpu, 'ms')}  peak RSS {f(rss, 'MB')}")
PY
}

echo "Plan: $N commitments x $M milestones ($(find "$work/plan" -name '*.yaml' | wc -l) record files); carnet hub verify, $RUNS runs, median (min–max)"
measure "floor: no update on stdin" "min-00:$member" ""
measure "min-00, one file (one progress.yaml)" "min-00:$member" "$old $one_file refs/heads/main"$'\n'
measure "point of contact, plan.yaml (whole plan read)" "point-of-contact:$poc" "$old $plan_change refs/heads/main"$'\n'
