#!/usr/bin/env bash
# Issue 4's figures: $COPIES working copies (default 20, one per ministry) each making $EDITS
# edits (default 50) concurrently, every edit followed by `carnet sync` to one guarded hub over
# SSH on loopback: a private sshd on 127.0.0.1 whose authorized_keys is what
# `carnet hub authorized-keys` prints (forced command `carnet hub serve`, pre-receive
# `carnet hub verify`, post-receive `carnet hub record`).
#
# Setup: the generated plan (Benchmarks/generate_plan.py, $N commitments x $M milestones over 20
# ministries, ministry k leads commitment k, k+20, …), one SSH key and one member per ministry
# (`carnet member add`), `carnet hub init`, then `carnet clone ssh://…` per ministry.
# Each copy's loop: edit `results:` of its own commitment's progress.yaml (a hand edit), then
# `carnet sync` (one push: the hub merges the hand-over, docs/HUB.md), again while it exits 75
# (the hub kept moving: bounded rounds inside sync, the baseline's way); any
# other failure stops that copy and is reported.
# Checks: the hub's final tree holds every copy's last value; the hub's history holds exactly
# $COPIES x $EDITS edit commits by those copies, every value of every copy once; git fsck.
# Figures: total time; per `carnet sync` invocation p50/p90/p99/max; per edit (from the edit to
# it being on the hub, retries included) p50/p99; exits 75 and fetch-merge-push rounds.
#
#   Benchmarks/hub.sh                      builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet COPIES=20 EDITS=50 N=100 M=10 Benchmarks/hub.sh
#   HANDOVER=0 Benchmarks/hub.sh           the baseline: copies sync by rounds, not by hand-over
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
missing=()
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
command -v git >/dev/null || missing+=(git)
if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

COPIES=${COPIES:-20}; EDITS=${EDITS:-50}; N=${N:-100}; M=${M:-10}
((COPIES >= 1 && COPIES <= 20 && N >= 20)) || { echo "COPIES must be 1…20 (one per ministry) and N at least 20"; exit 64; }
work=$(mktemp -d /tmp/carnet-hub-bench-XXXX)
workers=()
cleanup() {
    for pid in "${workers[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ -f "$work/sshd/sshd.pid" ]]; then kill "$(cat "$work/sshd/sshd.pid")" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
source Benchmarks/common.sh
release_carnet "$work"
ministry() { printf "min-%02d" "$1"; }                     # copy k writes for ministry k
commitment() { printf "c%04d" $(( $1 == 0 ? 20 : $1 )); }  # … and edits a commitment it leads
email() { echo "member$1@$(ministry "$1").example"; }

# --- the plan, its members (one key each), the guarded hub ---
python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
git -C "$work/plan" init -q -b main
git -C "$work/plan" add -A
git -C "$work/plan" -c user.name="Point de contact" -c user.email=poc@gouv.example commit -q -m "Plan adopted"
"$carnet" whoami -C "$work/plan" --name "Point de contact" --email poc@gouv.example >/dev/null
mkdir -p "$work/keys" "$work/sshd" "$work/copies" "$work/log" /run/sshd
for ((k = 0; k < COPIES; k++)); do
    ssh-keygen -q -t ed25519 -N "" -C "member$k" -f "$work/keys/$k"
    "$carnet" member add "$(ministry "$k")" -C "$work/plan" --name "Member $k" --email "$(email "$k")" --key "$work/keys/$k.pub" >/dev/null
done
"$carnet" hub init "$work/hub.git" --from "$work/plan" >/dev/null
"$carnet" hub authorized-keys --hub "$work/hub.git" >"$work/sshd/authorized_keys"
grep -q 'command=".*hub serve' "$work/sshd/authorized_keys" || { echo "authorized_keys has no forced command"; exit 1; }
# One more key, without forced command, for the floor (below): SSH sessions that run nothing.
ssh-keygen -q -t ed25519 -N "" -C floor -f "$work/keys/floor"
cat "$work/keys/floor.pub" >>"$work/sshd/authorized_keys"
# The hub is served as its own account (common.sh: hub_account), which owns the hub folder.
hub_user=$(hub_account carnet-bench)
if [[ -n $hub_user ]]; then chmod 755 "$work"; chown -R "$hub_user" "$work/hub.git"; fi

# --- sshd on 127.0.0.1 (MaxStartups raised: 20 clients connect at once) ---
SSHD_USER=$hub_user start_sshd "$work/sshd" log
url="ssh://$user@127.0.0.1:$port$work/hub.git"

for ((k = 0; k < COPIES; k++)); do
    "$carnet" clone "$url" "$work/copies/$k" --ministry "$(ministry "$k")" \
        --identity "$work/keys/$k" --known-hosts "$work/sshd/known_hosts" >/dev/null
    "$carnet" whoami -C "$work/copies/$k" --name "Member $k" --email "$(email "$k")" >/dev/null
    # HANDOVER=0: the copies sync by rounds (fetch, merge, push to main, again when the hub
    # moved), as before the hub merged hand-overs: the baseline, with the same binary.
    if [[ ${HANDOVER:-1} == 0 ]]; then git -C "$work/copies/$k" config carnet.hubMerges false; fi
done
start_commits=$(git -c safe.directory="*" --git-dir="$work/hub.git" rev-list --count main)

# worker K: EDITS × (edit own progress.yaml, carnet sync until it is not 75); one log line per
# sync: copy edit attempt start end exit rounds
worker() {
    set +e
    local k=$1 dir="$work/copies/$1" file out="$work/log/out-$1"
    file="$dir/commitments/$(commitment "$k")/progress.yaml"
    for ((j = 1; j <= EDITS; j++)); do
        sed -i "s/^results: .*/results: \"Copy $k, edit $j\"/" "$file"
        for ((attempt = 1; ; attempt++)); do
            local t0=$EPOCHREALTIME
            "$carnet" sync -C "$dir" --json >"$out" 2>&1
            local rc=$? t1=$EPOCHREALTIME
            local rounds; rounds=$(grep -o '"rounds" : [0-9]*' "$out" | grep -o '[0-9]*$')
            echo "$k $j $attempt $t0 $t1 $rc ${rounds:-0}" >>"$work/log/$k"
            ((rc == 0)) && break
            ((rc == 75)) && continue
            cp "$out" "$work/log/failure-$k-$j-$attempt"
            return 1
        done
    done
}

echo "Plan: $N commitments x $M milestones, $COPIES ministries with one member and one SSH key each;" \
    "hub over SSH at 127.0.0.1:$port (forced command carnet hub serve, pre-receive carnet hub verify)"
echo "Running: $COPIES copies x $EDITS edits, each edit followed by carnet sync (retried while it exits 75)…"
sessions_before=$(grep -c "Accepted publickey" "$work/sshd/sshd.log" || true)   # the clones'
t_start=$EPOCHREALTIME
for ((k = 0; k < COPIES; k++)); do
    worker "$k" &
    workers+=($!)
done
failed=0
for pid in "${workers[@]}"; do wait "$pid" || failed=$((failed + 1)); done
workers=()
t_end=$EPOCHREALTIME

for f in "$work"/log/failure-*; do
    [[ -e $f ]] || continue
    echo "--- a sync failed (${f##*/failure-}: copy-edit-attempt):"; sed 's/^/    /' "$f" | head -30
done

# --- checks on the hub ---
hub=(git -c safe.directory="*" --git-dir="$work/hub.git")
ok=1
final_missing=0; lost=0; edit_commits=0
for ((k = 0; k < COPIES; k++)); do
    path="commitments/$(commitment "$k")/progress.yaml"
    "${hub[@]}" show "main:$path" | grep -qx "results: \"Copy $k, edit $EDITS\"" || final_missing=$((final_missing + 1))
    n=$("${hub[@]}" log --no-merges --format=%H --author="<$(email "$k")>" main | wc -l)
    edit_commits=$((edit_commits + n))
    values=$("${hub[@]}" log --no-merges -p --author="<$(email "$k")>" main -- "$path" | grep -c '^+results: "Copy ' || true)
    distinct=$("${hub[@]}" log --no-merges -p --author="<$(email "$k")>" main -- "$path" | grep '^+results: "Copy ' | sort -u | wc -l)
    if ((n != EDITS || values != EDITS || distinct != EDITS)); then
        echo "copy $k: $n edit commits on the hub, $values values ($distinct distinct); expected $EDITS"
        lost=$((lost + 1))
    fi
done
merges=$("${hub[@]}" rev-list --merges --count main)
total_commits=$("${hub[@]}" rev-list --count main)
fsck=$("${hub[@]}" fsck --no-progress >/dev/null 2>&1 && echo ok || echo FAILED)
pushes=$(wc -l <"$work/hub.git/carnet-push-log.jsonl" 2>/dev/null || echo 0)
((failed == 0 && final_missing == 0 && lost == 0 && edit_commits == COPIES * EDITS)) || ok=0

# --- the floor: as many SSH sessions as the syncs opened (counted in sshd's log), at the same
# concurrency, running nothing (`ssh host true`): what the SSH sessions alone cost on this
# machine's cores ---
sessions=$(( $(grep -c "Accepted publickey" "$work/sshd/sshd.log" || true) - sessions_before ))
sessions_per_copy=$(( sessions / COPIES ))
mkdir -p "$work/floor"
floor_worker() {
    for ((j = 1; j <= sessions_per_copy; j++)); do
        local t0=$EPOCHREALTIME
        ssh -i "$work/keys/floor" -o UserKnownHostsFile="$work/sshd/known_hosts" -o BatchMode=yes \
            -p "$port" "$user@127.0.0.1" true
        echo "$t0 $EPOCHREALTIME" >>"$work/floor/$1"
    done
}
for ((k = 0; k < COPIES; k++)); do floor_worker "$k" & workers+=($!); done
for pid in "${workers[@]}"; do wait "$pid"; done
workers=()
cat "$work"/floor/* >"$work/floor.log"

cat "$work"/log/[0-9]* >"$work/all.log"
python3 - "$work/all.log" "$t_start" "$t_end" "$COPIES" "$EDITS" "$work/floor.log" "$sessions" <<'PY'
import math, sys
from collections import defaultdict
path, t_start, t_end, copies, edits = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
floor = [float(b) - float(a) for a, b in (line.split() for line in open(sys.argv[6]))]
sessions = int(sys.argv[7])
syncs, per_edit, exits, rounds = [], defaultdict(float), defaultdict(int), defaultdict(int)
for line in open(path):
    k, j, attempt, t0, t1, rc, r = line.split()
    d = float(t1) - float(t0)
    syncs.append(d)
    per_edit[k, j] += d
    exits[rc] += 1
    rounds[int(r)] += 1
def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]   # nearest rank
total = t_end - t_start
print(f"total time: {total:.1f} s for {copies} x {edits} = {copies * edits} edits ({copies * edits / total:.1f} edits/s landed)")
print(f"one carnet sync ({len(syncs)} invocations): p50 {pct(syncs, 50):.2f} s, p90 {pct(syncs, 90):.2f} s, "
      f"p99 {pct(syncs, 99):.2f} s, max {max(syncs):.2f} s, min {min(syncs):.2f} s")
e = list(per_edit.values())
print(f"one edit until it is on the hub (retries included, {len(e)} edits): p50 {pct(e, 50):.2f} s, p99 {pct(e, 99):.2f} s, max {max(e):.2f} s")
per_sync = sessions / len(syncs)
print(f"SSH sessions opened by the syncs: {sessions} ({per_sync:.2f} per carnet sync)")
print(f"floor: one SSH session that runs nothing, {len(floor)} of them by {copies} clients at once: "
      f"p50 {pct(floor, 50):.2f} s, p99 {pct(floor, 99):.2f} s; "
      f"floor of one sync ({per_sync:.2f} sessions x p50): {per_sync * pct(floor, 50):.2f} s "
      f"beside its p50 {pct(syncs, 50):.2f} s")
print("sync exits: " + ", ".join(f"{rc}: {n}" for rc, n in sorted(exits.items()))
      + "; fetch-merge-push rounds per sync: " + ", ".join(f"{r}: {n}" for r, n in sorted(rounds.items())))
PY
echo "hub: $total_commits commits on main ($start_commits before, $merges merge commits), $pushes pushes logged, git fsck $fsck"
echo "edit commits by the $COPIES copies in the hub's history: $edit_commits (expected $((COPIES * EDITS)));" \
    "copies whose last value is missing from the hub's tree: $final_missing; copies with a lost or extra edit: $lost;" \
    "copies stopped by a failed sync: $failed"
if ((ok)); then echo "all $((COPIES * EDITS)) edits landed, none lost: met"; else echo "all edits landed, none lost: NOT met"; exit 1; fi
