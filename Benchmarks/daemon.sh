#!/usr/bin/env bash
# Issue 6's figures: `carnet daemon`'s resident memory and CPU on a generated plan (1,000
# commitments x 10 milestones) with a local hub — idle for a minute, then syncing every second
# (one hand edit a second for a minute, --interval 1s). Goal: under 30 MB and under 1% CPU idle.
# Memory is read from /proc/PID/status (VmRSS now, VmHWM the peak; RssAnon is the heap and stacks,
# RssFile the binary and libraries mapped in) and smaps_rollup (PSS; USS = private pages); CPU
# from /proc/PID/stat over each window: utime+stime for the daemon, plus cutime+cstime for its
# syncs (each sync is a `carnet daemon --sync-once` child process of the full binary, counted once
# it has been reaped). `carnet daemon` execs the small `carnet-daemon` (same pid): what is measured
# is that process; the idle run also prints its resident memory per mapping (/proc/PID/smaps).
#   Benchmarks/daemon.sh                 N=1000 M=10 WINDOW=60
#   SCRATCH=.build-daemon Benchmarks/daemon.sh   (another SwiftPM scratch path)
#   CARNET_BIN=path/to/carnet Benchmarks/daemon.sh (that build, not built here)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

N=${N:-1000}; M=${M:-10}; WINDOW=${WINDOW:-60}; SCRATCH=${SCRATCH:-.build}
if [[ -n "${CARNET_BIN:-}" ]]; then   # a given build (carnet-daemon beside it, or carnet runs the daemon itself)
    carnet=$(realpath "$CARNET_BIN")
else
    scripts/build-release.sh "$SCRATCH" >/dev/null 2>&1 || { echo "the release build failed: run scripts/build-release.sh to see why"; exit 1; }
    carnet="$PWD/$SCRATCH/release/carnet"
fi
work=$(mktemp -d /tmp/carnet-daemon-bench-XXXX)
pid=""
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export CARNET_TODAY=2025-10-01

# The point of contact publishes the generated plan to a bare hub; a ministry clones it.
python3 Benchmarks/generate_plan.py "$work/poc" "$N" "$M"
git init -q --bare -b main "$work/hub.git"
git -C "$work/poc" init -q -b main
git -C "$work/poc" -c user.name=Bench -c user.email=b@x add -A
git -C "$work/poc" -c user.name=Bench -c user.email=b@x commit -q -m "generated"
"$carnet" whoami -C "$work/poc" --name "Point of Contact" --email poc@example.org >/dev/null
"$carnet" sync -C "$work/poc" --hub "$work/hub.git" --point-of-contact >/dev/null
"$carnet" clone "$work/hub.git" "$work/copy" --ministry min-01 >/dev/null
"$carnet" whoami -C "$work/copy" --name "Agent" --email agent@example.org >/dev/null
state="$work/copy/.git/carnet-daemon.json"

ticks=$(getconf CLK_TCK)
field() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
# Fields 14-17: utime stime cutime cstime (the name field is "(carnet-daemon)": no spaces).
cpu_ticks() { awk '{ print $14 + $15, $16 + $17 }' "/proc/$pid/stat"; }
rollup() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/smaps_rollup"; }
syncs() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["syncs"])' "$state"; }
mb() { python3 -c "print(f'{$1/1024:.1f}')"; }

start_daemon() {
    rm -f "$state"
    "$carnet" daemon --repo "$work/copy" "$@" 2>>"$work/daemon.log" &
    pid=$!
    for _ in $(seq 600); do   # the first sync, at most 60 s
        [[ -f "$state" ]] && grep -q '"lastResult" : "synced"' "$state" && return
        sleep 0.1
    done
    echo "the daemon did not sync:"; cat "$work/daemon.log"; exit 1
}

stop_daemon() {
    kill -TERM "$pid"; wait "$pid" || { echo "the daemon exited $?"; exit 1; }
    pid=""
}

# window LABEL SECONDS [COMMAND...]: runs COMMAND (or sleeps) while sampling; prints one line.
window() {
    local label=$1 seconds=$2; shift 2
    local d0 k0 d1 k1 t0 t1 max=0 sum=0 n=0 s0
    s0=$(syncs); read -r d0 k0 < <(cpu_ticks); t0=$(date +%s.%N)
    if (($#)); then "$@" & local load=$!; fi
    for _ in $(seq "$seconds"); do
        sleep 1
        local r; r=$(field VmRSS); sum=$((sum + r)); n=$((n + 1)); ((r > max)) && max=$r
    done
    if (($#)); then wait "$load"; fi
    read -r d1 k1 < <(cpu_ticks); t1=$(date +%s.%N)
    local cpu; cpu=$(python3 -c "
w = $t1 - $t0; d = ($d1 - $d0) / $ticks; k = ($k1 - $k0) / $ticks
print(f'daemon {d:.2f} s = {100 * d / w:.2f} %, with its syncs {d + k:.2f} s = {100 * (d + k) / w:.2f} %')")
    echo "$label ($(( $(syncs) - s0 )) syncs in $(python3 -c "print(round($t1 - $t0))") s):"
    echo "    RSS mean $(mb $((sum / n))) MB, max $(mb "$max") MB (now: anon $(mb "$(field RssAnon)"), file $(mb "$(field RssFile)"); PSS $(mb "$(rollup Pss)"), USS $(mb $(( $(rollup Private_Clean) + $(rollup Private_Dirty) ))))  VmHWM $(mb "$(field VmHWM)") MB"
    echo "    CPU $cpu"
}

# The resident pages per mapping (the binary, each library, [anon] = heap and stacks), largest first.
mappings() {
    python3 - "$pid" <<'PY'
import collections, sys
rss, anon, name = collections.Counter(), collections.Counter(), "?"
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    parts = line.split()
    if not parts[0].endswith(":"):
        name = parts[5].rsplit("/", 1)[-1] if len(parts) > 5 else "[anon]"
    elif parts[0] == "Rss:": rss[name] += int(parts[1])
    elif parts[0] == "Anonymous:": anon[name] += int(parts[1])
top = [f"{n} {r / 1024:.1f}" for n, r in rss.most_common() if r >= 256]
print("    resident per mapping, MB: " + ", ".join(top) + f" (anonymous pages of them all: {sum(anon.values()) / 1024:.1f})")
PY
}

# One hand edit a second: a different commitment's progress.yaml each time, valid YAML.
edit_every_second() {
    for i in $(seq "$WINDOW"); do
        local id; id=$(printf "c%04d" $(( (i * 37) % N + 1 )))
        sed -i "s/^results: .*/results: \"Benchmark edit $i.\"/" "$work/copy/commitments/$id/progress.yaml"
        sleep 1
    done
}

echo "Plan: $N commitments x $M milestones ($(find "$work/copy" -name '*.yaml' | wc -l) record files), window ${WINDOW} s, $(nproc) cores"
/usr/bin/time -f "%M" -o "$work/floor" "$carnet" --version >/dev/null
printf "%-34s peak %s MB (the binary, Foundation and libgit2 loaded, nothing done)\n" "floor: carnet --version" "$(mb "$(cat "$work/floor")")"

# Idle as a ministry's laptop is most of the day: after a save has been synced.
start_daemon --interval 15m --debounce 300ms
before=$(syncs)
sed -i 's/^results: .*/results: "Benchmark edit 0."/' "$work/copy/commitments/c0001/progress.yaml"
for _ in $(seq 600); do (( $(syncs) > before )) && break; sleep 0.1; done
echo "the daemon runs as: $(readlink "/proc/$pid/exe")"
window "idle, after syncing one edit" "$WINDOW"
mappings
stop_daemon

hub_before=$(git -C "$work/hub.git" rev-list --count main)
start_daemon --interval 1s --debounce 300ms
window "one edit a second, --interval 1s" "$WINDOW" edit_every_second
sleep 2
stop_daemon
hub_after=$(git -C "$work/hub.git" rev-list --count main)
times=$(grep -o 'sync synced in [0-9.]* s' "$work/daemon.log" | awk '{ print $4 }' | sort -n)
count=$(echo "$times" | wc -l)
pending=$(git -C "$work/copy" status --porcelain | wc -l)
same=$([[ "$(git -C "$work/hub.git" rev-parse main)" == "$(git -C "$work/copy" rev-parse HEAD)" ]] && echo yes || echo NO)
echo "commits pushed to the hub while syncing: $((hub_after - hub_before)) (for $WINDOW edits); hub = copy: $same; files not committed: $pending"
echo "sync time (all $count synced): median $(echo "$times" | awk -v n="$count" 'NR == int((n + 1) / 2)') s, max $(echo "$times" | tail -1) s"
echo "sync lines in the log (both runs): $(grep -c '\] sync ' "$work/daemon.log"), of which not synced: $(grep '\] sync ' "$work/daemon.log" | grep -vc 'sync synced' || true)"
