#!/usr/bin/env bash
# Issue 19's figures: sync over a ministry office's link. A guarded hub on a private sshd
# (forced command `carnet hub serve`, pre-receive `carnet hub verify`), reached through the link
# emulator of the tests (Tests/link-relay.py: a TCP relay on 127.0.0.1 limiting each direction to
# $KBITS kbit/s and adding $RTT_MS/2 ms each way; default 256 kbit/s, 300 ms). The copy is the
# sample plan's autorite-terres ministry's (it leads commitment 05).
#
# Cases, each a `carnet sync` through the link:
#   no-op          nothing to send or take
#   one record     one milestone note (`carnet milestone set`)
#   evidence       a 2.5 MiB document that does not compress (`carnet evidence add`)
#   records first  a 2.5 MiB document, then a record edited after it: when the record reached the
#                  hub (polled every 50 ms), and when everything had
# Figures: wall time; bytes on the link (both ways, counted by the relay); SSH connections; the
# physical floor = bytes ÷ rate + round trips × RTT, counting 7 round trips per connection (TCP
# handshake 1, SSH version and key exchange 2, authentication 2, channel and command 1, git's
# reference advertisement 1) plus one per push (the pack and the hub's report); and the ratio. The
# last column, trips, is the round trips the relay saw (each time the hub answered after the copy
# spoke; SSH's and git's together, the TCP handshake not included): where a case's time goes.
#
# Each of no-op, one record and evidence runs RUNS times (3): the median run and the spread. Then a
# first clone of a plan holding CLONE_MIB of evidence (150; CLONE_RUNS times), and the same clone
# cut once half its bytes have crossed, the link down for CUT_SECONDS (20), then continued: the
# bytes that crossed twice (a history step is at most 2 MiB, docs/SYNC.md) and where the time went.
#
#   Benchmarks/links.sh                         builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet KBITS=64 RTT_MS=800 Benchmarks/links.sh
#   KBITS=64 RTT_MS=800 EVIDENCE_KIB=512 CLONE_MIB=5 CLONE_RUNS=1   (150 MiB at 64 kbit/s is 5½ hours)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
missing=()
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
command -v git >/dev/null || missing+=(git)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

KBITS=${KBITS:-256}; RTT_MS=${RTT_MS:-300}; EVIDENCE_KIB=${EVIDENCE_KIB:-2560}; RUNS=${RUNS:-3}; CLONE_MIB=${CLONE_MIB:-150}; CLONE_RUNS=${CLONE_RUNS:-$RUNS}; CUT_SECONDS=${CUT_SECONDS:-20}
rate=$((KBITS * 1000 / 8))   # bytes per second
work=$(mktemp -d /tmp/carnet-links-bench-XXXX)
relay_pid=
cleanup() {
    [[ -n "$relay_pid" ]] && kill "$relay_pid" 2>/dev/null || true
    if [[ -f "$work/sshd/sshd.pid" ]]; then kill "$(cat "$work/sshd/sshd.pid")" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
source Benchmarks/common.sh
release_carnet "$work"

# --- the sample plan, one member of autorite-terres with a key, the guarded hub on sshd ---
"$carnet" plan init "$work/plan" --sample --name "Point de contact" --email poc@gouv.example >/dev/null
mkdir -p "$work/keys" "$work/sshd"
ssh-keygen -q -t ed25519 -N "" -C member -f "$work/keys/member"
"$carnet" member add autorite-terres -C "$work/plan" --name "Gonzalo Vega" --email g.vega@terres.example \
    --key "$work/keys/member.pub" >/dev/null
"$carnet" hub init "$work/hub.git" --from "$work/plan" >/dev/null
"$carnet" hub authorized-keys --hub "$work/hub.git" >"$work/sshd/authorized_keys"
start_sshd "$work/sshd"

# --- the link: a relay in front of sshd ---
relay_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 Tests/link-relay.py --listen-port "$relay_port" --target-port "$port" --rate "$rate" \
    --delay "$(python3 -c "print($RTT_MS / 2000)")" --stats "$work/stats.json" >"$work/relay.log" 2>&1 &
relay_pid=$!
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $relay_port))" 2>/dev/null && break; sleep 0.1; done
read -r _ hostkey _ <"$work/sshd/host_key.pub"
cp "$work/sshd/known_hosts" "$work/known_hosts"
echo "[127.0.0.1]:$relay_port ssh-ed25519 $hostkey" >>"$work/known_hosts"
url="ssh://$user@127.0.0.1:$relay_port$work/hub.git"

stats() { python3 -c "import json; s = json.load(open('$work/stats.json')); print(s['up'] + s['down'], s['connections'], s.get('round_trips', 0))"; }
sleep 0.3
read -r b0 c0 t0 < <(stats)   # the readiness check's connection (sshd's banner) is not the clone's
# The first clone goes through the link too (the plan's records).
clone_start=$(date +%s.%N)
"$carnet" clone "$url" "$work/copy" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null
clone_end=$(date +%s.%N)
"$carnet" whoami -C "$work/copy" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null

sleep 0.3
read -r b1 c1 t1 < <(stats)
clone_bytes=$((b1 - b0)); clone_conns=$((c1 - c0))

printf "link: %s kbit/s (%s B/s each way), %s ms round trip; hub: guarded, sshd on 127.0.0.1 behind the relay\n\n" \
    "$KBITS" "$rate" "$RTT_MS"
printf "%-34s %9s %12s %6s %9s %7s %6s\n" case "wall (s)" "link bytes" conns "floor (s)" ratio trips
report() {  # name start end bytes connections pushes round-trips-seen
    python3 - "$@" "$rate" "$RTT_MS" <<'PY'
import sys
name, start, end, bytes_, conns, pushes, seen, rate, rtt = sys.argv[1:]
wall = float(end) - float(start)
trips = 7 * int(conns) + int(pushes)
floor = int(bytes_) / float(rate) + trips * float(rtt) / 1000
print(f"{name:<34} {wall:9.2f} {int(bytes_):12d} {int(conns):6d} {floor:9.2f} {wall / floor:6.2f}x {int(seen):6d}")
PY
}
report "first clone (records only)" "$clone_start" "$clone_end" "$clone_bytes" "$clone_conns" 0 $((t1 - t0))

# measure NAME PUSHES -- command…: runs the command, reports the link's bytes and connections it used.
measure() {
    local name=$1 pushes=$2; shift 3
    local b0 c0 t0 b1 c1 t1 start end
    read -r b0 c0 t0 < <(stats)
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { echo "$name failed ($?):"; cat "$work/last.out" "$work/last.err"; exit 1; }
    end=$(date +%s.%N)
    sleep 0.3
    read -r b1 c1 t1 < <(stats)
    report "$name" "$start" "$end" $((b1 - b0)) $((c1 - c0)) "$pushes" $((t1 - t0))
}

# repeated NAME PUSHES PREPARE -- command…: RUNS times (PREPARE before each, off the clock), then
# the median run's line and the spread of the wall times (min–max).
repeated() {
    local name=$1 pushes=$2 prepare=$3; shift 4
    : >"$work/runs"
    for run in $(seq "$RUNS"); do
        "$prepare" "$run"
        measure "$name" "$pushes" -- "$@" >>"$work/runs"
    done
    python3 - "$work/runs" <<'PY'
import sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
walls = sorted(float(l[35:44]) for l in lines)
median = sorted(lines, key=lambda l: float(l[35:44]))[len(lines) // 2]
print(f"{median}   (median of {len(lines)}, wall {walls[0]:.2f}–{walls[-1]:.2f} s)")
PY
}

nothing() { :; }
note() { "$carnet" milestone set 05 m2 -C "$work/copy" --note "Atelier tenu le $1 novembre" >/dev/null; }
scan() {
    python3 -c "
import os
open('$work/scan-$1.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom($EVIDENCE_KIB * 1024 - 9))"
    "$carnet" evidence add 05 "$work/scan-$1.pdf" -C "$work/copy" --title "Scan $1" >/dev/null
}
repeated "no-op sync" 0 nothing -- "$carnet" sync -C "$work/copy"
repeated "one-record edit" 1 note -- "$carnet" sync -C "$work/copy"
repeated "$((EVIDENCE_KIB / 1024)).$(( (EVIDENCE_KIB % 1024) * 10 / 1024 )) MiB evidence push" 1 scan -- "$carnet" sync -C "$work/copy"

# Records first: a second document, then a record edited after it.
python3 -c "
import os
open('$work/scan2.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom($EVIDENCE_KIB * 1024 - 9))"
"$carnet" evidence add 05 "$work/scan2.pdf" -C "$work/copy" --title "Second scan" >/dev/null
"$carnet" milestone set 05 m3 -C "$work/copy" --note "Registre ouvert" >/dev/null
start=$(date +%s.%N)
( while ! git --git-dir="$work/hub.git" show main:commitments/05/progress.yaml 2>/dev/null | grep -q "Registre ouvert"; do sleep 0.05; done
  date +%s.%N >"$work/records-at" ) &
watcher=$!
measure "records + evidence (2 pushes)" 2 -- "$carnet" sync -C "$work/copy"
wait "$watcher" || true
records_at=$(cat "$work/records-at")
python3 -c "import sys; print('  the record edit was on the hub after %.2f s (records first)' % (float(sys.argv[1]) - float(sys.argv[2])))" \
    "$records_at" "$start"
grep -hE "record changes first|fiches sont parties d'abord" "$work/last.out" | sed 's/^/  carnet: /' || true

((CLONE_MIB > 0)) || exit 0   # CLONE_MIB=0: the sync cases only
# --- a first clone of a plan that has gathered CLONE_MIB of evidence (2.5 MiB scans, sent
# straight to sshd, not through the link, by a second copy of the same ministry), then the same
# clone cut once half its bytes have crossed and continued: the bytes that crossed twice.
"$carnet" clone "ssh://$user@127.0.0.1:$port$work/hub.git" "$work/feeder" --ministry autorite-terres \
    --identity "$work/keys/member" --known-hosts "$work/known_hosts" >/dev/null
"$carnet" whoami -C "$work/feeder" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null
for i in $(seq $((CLONE_MIB * 2 / 5))); do
    python3 -c "
import os
open('$work/archive-$i.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom(2560 * 1024 - 9))"
    "$carnet" evidence add 05 "$work/archive-$i.pdf" -C "$work/feeder" --title "Archive $i" >/dev/null
    rm "$work/archive-$i.pdf"
done
"$carnet" sync -C "$work/feeder" >/dev/null
printf "\nhub: %s MiB of evidence in %s history steps\n" "$CLONE_MIB" \
    "$(git --git-dir="$work/hub.git" for-each-ref refs/carnet/steps/ | wc -l)"
clone_once() { rm -rf "$work/clone-$1"; "$carnet" clone "$url" "$work/clone-$1" --ministry autorite-terres \
    --identity "$work/keys/member" --known-hosts "$work/known_hosts"; }
whole() { rm -rf "$work/clone-$1"; }
RUNS=$CLONE_RUNS repeated "first clone, $CLONE_MIB MiB of evidence" 0 whole -- clone_once run
# The cut: a second relay that closes every connection once half the clone's bytes have crossed.
full=$(awk '{print $(NF-4)}' <<<"$(sed -n 1p "$work/runs")")
cut_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 Tests/link-relay.py --listen-port "$cut_port" --target-port "$port" --rate "$rate" \
    --delay "$(python3 -c "print($RTT_MS / 2000)")" --cut-after $((full / 2)) --cut-for "$CUT_SECONDS" --stats "$work/cut.json" >"$work/cut.log" 2>&1 &
cut_pid=$!
sleep 0.5
echo "[127.0.0.1]:$cut_port ssh-ed25519 $hostkey" >>"$work/known_hosts"
cut_url="ssh://$user@127.0.0.1:$cut_port$work/hub.git"
rm -rf "$work/cut-clone"
cut_start=$(date +%s.%N)
"$carnet" clone "$cut_url" "$work/cut-clone" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null 2>"$work/cut.err" && echo "  (the clone finished before the cut)"
cut_failed=$(date +%s.%N)
# The person (or the daemon's backoff) tries again: while the link is still down the attempt
# fails at once (the relay refuses), so retry every 2 s until the link is back, as the daemon does.
tries=0
until "$carnet" clone "$cut_url" "$work/cut-clone" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null 2>>"$work/cut.err"; do
    tries=$((tries + 1)); ((tries < 60)) || { echo "the continued clone failed"; tail -5 "$work/cut.err"; break; }
    sleep 2
done
python3 -c "import sys; a, b, c = map(float, sys.argv[1:4]); print(f'  cut profile: the cut attempt ended {b - a:.1f} s after its start; {int(sys.argv[4])} retries refused while the link was down ({sys.argv[5]} s); from the cut to a complete clone: {c - b:.1f} s')" \
    "$cut_start" "$cut_failed" "$(date +%s.%N)" "$tries" "$CUT_SECONDS"
cut_end=$(date +%s.%N)
sleep 0.3
kill "$cut_pid" 2>/dev/null || true
python3 - "$work/cut.json" "$full" "$cut_start" "$cut_end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); full = int(sys.argv[2])
total = s["up"] + s["down"]
print(f"cut at {full // 2} bytes, then continued: {total} bytes on the link in all against {full} for a whole clone:"
      f" {max(0, total - full)} bytes crossed twice ({(max(0, total - full)) / 1048576:.2f} MiB; a step: at most 2 MiB, or one heavier commit),"
      f" {float(sys.argv[4]) - float(sys.argv[3]):.1f} s in all")
PY

