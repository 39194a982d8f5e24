#!/usr/bin/env bash
# Issue 19's figures: sync over a ministry office's link. A guarded hub on a private sshd
# (forced command `carnet hub serve`, pre-receive `carnet hub verify`), reached through a link
# limiting each direction to $KBITS kbit/s and adding $RTT_MS/2 ms each way (default 256 kbit/s,
# 300 ms). The copy is the sample plan's autorite-terres ministry's (it leads commitment 05).
# Two link emulators (docs/SYNC.md, "Link emulation"):
#   LINK=relay   (the default when LOSS is 0) Tests/link-relay.py, the tests' TCP relay on
#                127.0.0.1: rate and delay, no loss (its TCP connections cannot lose a packet)
#   LINK=netns   (the default when LOSS > 0; needs root and /dev/net/tun) Tests/link-emulator.py:
#                two network namespaces joined at the packet level, LOSS % of the packets lost each
#                way (the kernel's TCP retransmits them); sshd runs in the hub's namespace, every
#                carnet command that crosses the link in the office's
#
# Cases, each a `carnet sync` through the link:
#   no-op          nothing to send or take: cold (no SSH master: a new SSH session, as the systemd
#                  timer's runs and the first sync of a day) and warm (the master the last sync
#                  left is alive, as under the daemon: a channel on it, no new connection)
#   one record     one milestone note (`carnet milestone set`), cold and warm
#   evidence       a 2.5 MiB document that does not compress (`carnet evidence add`)
#   fetch          a second copy of the ministry takes that document (its `carnet sync`)
#   records first  a 2.5 MiB document, then a record edited after it: when the record reached the
#                  hub (polled every 50 ms), and when everything had
# Figures: wall time; bytes on the link (both ways, counted by the relay); SSH connections; the
# physical floor = bytes ÷ (rate × (1 − loss)) + round trips × RTT (bytes: what crossed the link,
# less what TCP sent again, which the packet-level link counts), counting 7 round trips per connection (TCP
# handshake 1, SSH version and key exchange 2, authentication 2, channel and command 1, git's
# reference advertisement 1) plus one per push (the pack and the hub's report); a warm sync opens
# no connection and is held to the same floor (one connection's 7); and the ratio. The
# last column, trips, is the round trips the relay saw (each time the hub answered after the copy
# spoke; SSH's and git's together, the TCP handshake not included): where a case's time goes.
#
# Each of no-op, one record and evidence runs RUNS times (3): the median run and the spread. Then a
# first clone of a plan holding CLONE_MIB of evidence (150; CLONE_RUNS times), and the same clone
# cut once half its bytes have crossed, the link down for CUT_SECONDS (20), then continued: the
# bytes that crossed twice (a history step is at most 2 MiB, docs/SYNC.md) and where the time went.
# With LINK=netns the link instead goes down for CUT_SECONDS (every packet dropped, connections not
# closed: a radio link or a modem that drops and comes back) once half the clone's bytes crossed.
# EVIDENCE_RUNS (RUNS) repeats the evidence push and fetch; RECORDS_FIRST=0 skips that case; CUT=0
# skips the cut clone (a 150 MiB clone at 256 kbit/s takes 1½ hours: once is enough).
#
#   Benchmarks/links.sh                         builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet KBITS=64 RTT_MS=800 Benchmarks/links.sh
#   KBITS=64 RTT_MS=800 EVIDENCE_KIB=512 CLONE_MIB=5 CLONE_RUNS=1   (150 MiB at 64 kbit/s is 5½ hours)
#   KBITS=64 RTT_MS=800 LOSS=3 EVIDENCE_KIB=1024 CLONE_MIB=5 CLONE_RUNS=1 EVIDENCE_RUNS=1   (as root)
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
LOSS=${LOSS:-0}; EVIDENCE_RUNS=${EVIDENCE_RUNS:-$RUNS}; RECORDS_FIRST=${RECORDS_FIRST:-1}; CUT=${CUT:-1}
if [[ -z ${LINK:-} ]]; then if [[ $LOSS == 0 ]]; then LINK=relay; else LINK=netns; fi; fi
[[ $LINK == relay && $LOSS != 0 ]] && { echo "LOSS needs LINK=netns: a TCP relay cannot lose a packet" >&2; exit 64; }
rate=$((KBITS * 1000 / 8))   # bytes per second
work=$(mktemp -d /tmp/carnet-links-bench-XXXX)
relay_pid=
# The packet-level link's two namespaces and addresses, unique to this run.
office_ns="carnet-office-$$"; hub_ns="carnet-hub-$$"
net="10.$((200 + $$ % 50)).$(($$ / 50 % 250)).0"; office_ip=${net%.0}.1; hub_ip=${net%.0}.2
cleanup() {
    if [[ -f "$work/sshd/sshd.pid" ]]; then kill "$(cat "$work/sshd/sshd.pid")" 2>/dev/null || true; fi
    [[ -n "$relay_pid" ]] && kill "$relay_pid" 2>/dev/null || true
    [[ -n "${cut_pid:-}" ]] && kill "$cut_pid" 2>/dev/null || true
    if [[ $LINK == netns ]]; then
        [[ -n "$relay_pid" ]] && wait "$relay_pid" 2>/dev/null || true   # it removes its namespaces
        ip netns del "$office_ns" 2>/dev/null || true; ip netns del "$hub_ns" 2>/dev/null || true
    fi
    # The SSH masters this run left (ControlPersist keeps them 20 minutes otherwise).
    for socket in "$work"/mux/*; do [[ -S $socket ]] && ssh -F /dev/null -o ControlPath="$socket" -O exit x 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
# carnet's SSH masters (docs/SYNC.md, "One SSH session for many syncs"), in a folder of this run.
mkdir -m 700 "$work/mux"; export CARNET_SSH_CONTROL_DIR="$work/mux"
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
# The hub is served as its own account (common.sh: hub_account), which owns the hub folder, as
# docs/HUB.md deploys it: root's shell set-up would run in every SSH session and count as link time.
hub_user=$(hub_account carnet-bench)
if [[ -n $hub_user ]]; then chmod 755 "$work"; chown -R "$hub_user" "$work/hub.git"; fi
delay=$(python3 -c "print($RTT_MS / 2000)")
if [[ $LINK == netns ]]; then
    # --- the link: two namespaces joined at the packet level; sshd in the hub's ---
    python3 Tests/link-emulator.py --office "$office_ns" --hub "$hub_ns" --office-ip "$office_ip" --hub-ip "$hub_ip" \
        --rate "$rate" --delay "$delay" --loss "$LOSS" --seed 19 --control "$work/link-control" \
        --stats "$work/stats.json" --ready "$work/link-ready" >"$work/relay.log" 2>&1 &
    relay_pid=$!
    for _ in $(seq 100); do [[ -f "$work/link-ready" ]] && break; sleep 0.1; done
    [[ -f "$work/link-ready" ]] || { echo "the packet-level link did not start:"; cat "$work/relay.log"; exit 1; }
    SSHD_USER=$hub_user SSHD_NETNS=$hub_ns SSHD_ADDRESS=$hub_ip start_sshd "$work/sshd"
    cp "$work/sshd/known_hosts" "$work/known_hosts"
    url="ssh://$user@$hub_ip:$port$work/hub.git"
    direct_url=$url; direct=(ip netns exec "$hub_ns")   # the feeder, beside the hub: not across the link
    on_link=(ip netns exec "$office_ns")
    for _ in $(seq 50); do [[ -f "$work/stats.json" ]] && break; sleep 0.1; done
else
    SSHD_USER=$hub_user start_sshd "$work/sshd"
    # --- the link: a relay in front of sshd ---
    relay_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 Tests/link-relay.py --listen-port "$relay_port" --target-port "$port" --rate "$rate" \
        --delay "$delay" --stats "$work/stats.json" >"$work/relay.log" 2>&1 &
    relay_pid=$!
    for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $relay_port))" 2>/dev/null && break; sleep 0.1; done
    read -r _ hostkey _ <"$work/sshd/host_key.pub"
    cp "$work/sshd/known_hosts" "$work/known_hosts"
    echo "[127.0.0.1]:$relay_port ssh-ed25519 $hostkey" >>"$work/known_hosts"
    url="ssh://$user@127.0.0.1:$relay_port$work/hub.git"
    direct_url="ssh://$user@127.0.0.1:$port$work/hub.git"; direct=()
    on_link=()
fi

# bytes (both ways), connections, round trips seen, bytes TCP sent again (the packet-level link only)
stats() { python3 -c "import json; s = json.load(open('$work/stats.json')); print(s['up'] + s['down'], s['connections'], s.get('round_trips', 0), s.get('resent', 0))"; }
sleep 0.3
read -r b0 c0 t0 r0 < <(stats)   # the readiness check's connection (sshd's banner) is not the clone's
# The first clone goes through the link too (the plan's records).
clone_start=$(date +%s.%N)
"${on_link[@]}" "$carnet" clone "$url" "$work/copy" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null
clone_end=$(date +%s.%N)
"$carnet" whoami -C "$work/copy" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null

sleep 0.3
read -r b1 c1 t1 r1 < <(stats)
clone_bytes=$((b1 - b0)); clone_conns=$((c1 - c0))

if [[ $LINK == netns ]]; then
    printf "link: %s kbit/s (%s B/s each way), %s ms round trip, %s %% of packets lost each way; packet level (two namespaces); hub: guarded, sshd in the hub's namespace\n\n" \
        "$KBITS" "$rate" "$RTT_MS" "$LOSS"
else
    printf "link: %s kbit/s (%s B/s each way), %s ms round trip; hub: guarded, sshd on 127.0.0.1 behind the relay\n\n" \
        "$KBITS" "$rate" "$RTT_MS"
fi
printf "%-34s %9s %12s %6s %9s %7s %6s %9s\n" case "wall (s)" "link bytes" conns "floor (s)" ratio trips "resent"
report() {  # name start end bytes connections pushes round-trips-seen resent-bytes
    python3 - "$@" "$rate" "$RTT_MS" "$LOSS" <<'PY'
import sys
name, start, end, bytes_, conns, pushes, seen, resent, rate, rtt, loss = sys.argv[1:]
wall = float(end) - float(start)
# A warm sync opens no connection: it is held to the floor of one, as a cold one.
trips = 7 * max(int(conns), 1) + int(pushes)
# What had to cross once, at the rate the link delivers when LOSS % of its packets are lost.
floor = (int(bytes_) - int(resent)) / (float(rate) * (1 - float(loss) / 100)) + trips * float(rtt) / 1000
print(f"{name:<34} {wall:9.2f} {int(bytes_):12d} {int(conns):6d} {floor:9.2f} {wall / floor:6.2f}x {int(seen):6d} {int(resent):9d}")
PY
}
report "first clone (records only)" "$clone_start" "$clone_end" "$clone_bytes" "$clone_conns" 0 $((t1 - t0)) $((r1 - r0))

# measure NAME PUSHES -- command…: runs the command, reports the link's bytes and connections it used.
measure() {
    local name=$1 pushes=$2; shift 3
    local b0 c0 t0 r0 b1 c1 t1 r1 start end
    read -r b0 c0 t0 r0 < <(stats)
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { echo "$name failed ($?):"; cat "$work/last.out" "$work/last.err"; exit 1; }
    end=$(date +%s.%N)
    sleep 0.3
    read -r b1 c1 t1 r1 < <(stats)
    report "$name" "$start" "$end" $((b1 - b0)) $((c1 - c0)) "$pushes" $((t1 - t0)) $((r1 - r0))
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
    median "$work/runs"
}

# median FILE: the median line of measure's lines in FILE, and the spread of their wall times.
median() {
    python3 - "$1" <<'PY'
import sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
walls = sorted(float(l[35:44]) for l in lines)
median = sorted(lines, key=lambda l: float(l[35:44]))[len(lines) // 2]
print(f"{median}   (median of {len(lines)}, wall {walls[0]:.2f}–{walls[-1]:.2f} s)")
PY
}

nothing() { :; }
# cold: no master alive (each run starts a new SSH session); warm: the last sync's master serves.
no_master() { for socket in "$work"/mux/*; do [[ -S $socket ]] && ssh -F /dev/null -o ControlPath="$socket" -O exit x 2>/dev/null; done; true; }
cold_note() { no_master; note "$1"; }
note() { "$carnet" milestone set 05 m2 -C "$work/copy" --note "Atelier tenu le $1 novembre" >/dev/null; }
scan() {
    python3 -c "
import os
open('$work/scan-$1.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom($EVIDENCE_KIB * 1024 - 9))"
    "$carnet" evidence add 05 "$work/scan-$1.pdf" -C "$work/copy" --title "Scan $1" >/dev/null
}
# A second copy of the same ministry, to fetch what the first one pushes (cloned off the clock).
"${on_link[@]}" "$carnet" clone "$url" "$work/reader" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null
"$carnet" whoami -C "$work/reader" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null
repeated "no-op sync, cold" 0 no_master -- "${on_link[@]}" "$carnet" sync -C "$work/copy"
repeated "one-record edit, cold" 1 cold_note -- "${on_link[@]}" "$carnet" sync -C "$work/copy"
"${on_link[@]}" "$carnet" sync -C "$work/copy" >/dev/null   # the master the warm runs use: off the clock
repeated "no-op sync, warm" 0 nothing -- "${on_link[@]}" "$carnet" sync -C "$work/copy"
repeated "one-record edit, warm" 1 note -- "${on_link[@]}" "$carnet" sync -C "$work/copy"
"${on_link[@]}" "$carnet" sync -C "$work/reader" >/dev/null   # the notes above: off the clock
# The evidence push, then the second copy's fetch of it, EVIDENCE_RUNS times each.
size_name="$((EVIDENCE_KIB / 1024)).$(( (EVIDENCE_KIB % 1024) * 10 / 1024 )) MiB"
: >"$work/push-runs"; : >"$work/fetch-runs"
for run in $(seq "$EVIDENCE_RUNS"); do
    scan "$run"
    measure "$size_name evidence push" 1 -- "${on_link[@]}" "$carnet" sync -C "$work/copy" >>"$work/push-runs"
    measure "$size_name evidence fetch" 0 -- "${on_link[@]}" "$carnet" sync -C "$work/reader" >>"$work/fetch-runs"
done
median "$work/push-runs"
median "$work/fetch-runs"

# Records first: a second document, then a record edited after it.
if ((RECORDS_FIRST)); then
python3 -c "
import os
open('$work/scan2.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom($EVIDENCE_KIB * 1024 - 9))"
"$carnet" evidence add 05 "$work/scan2.pdf" -C "$work/copy" --title "Second scan" >/dev/null
"$carnet" milestone set 05 m3 -C "$work/copy" --note "Registre ouvert" >/dev/null
start=$(date +%s.%N)
( while ! git -c safe.directory="*" --git-dir="$work/hub.git" show main:commitments/05/progress.yaml 2>/dev/null | grep -q "Registre ouvert"; do sleep 0.05; done
  date +%s.%N >"$work/records-at" ) &
watcher=$!
measure "records + evidence (2 pushes)" 2 -- "${on_link[@]}" "$carnet" sync -C "$work/copy"
wait "$watcher" || true
records_at=$(cat "$work/records-at")
python3 -c "import sys; print('  the record edit was on the hub after %.2f s (records first)' % (float(sys.argv[1]) - float(sys.argv[2])))" \
    "$records_at" "$start"
grep -hE "record changes first|fiches sont parties d'abord" "$work/last.out" | sed 's/^/  carnet: /' || true
fi

((CLONE_MIB > 0)) || exit 0   # CLONE_MIB=0: the sync cases only
# --- a first clone of a plan that has gathered CLONE_MIB of evidence (2.5 MiB scans, sent
# straight to sshd, not through the link, by a second copy of the same ministry), then the same
# clone cut once half its bytes have crossed and continued: the bytes that crossed twice.
"${direct[@]}" "$carnet" clone "$direct_url" "$work/feeder" --ministry autorite-terres \
    --identity "$work/keys/member" --known-hosts "$work/known_hosts" >/dev/null
"$carnet" whoami -C "$work/feeder" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null
for i in $(seq $((CLONE_MIB * 2 / 5))); do
    python3 -c "
import os
open('$work/archive-$i.pdf', 'wb').write(b'%PDF-1.4\n' + os.urandom(2560 * 1024 - 9))"
    "$carnet" evidence add 05 "$work/archive-$i.pdf" -C "$work/feeder" --title "Archive $i" >/dev/null
    rm "$work/archive-$i.pdf"
done
"${direct[@]}" "$carnet" sync -C "$work/feeder" >/dev/null
# The hub also holds the documents the sync cases pushed: a clone takes them all.
printf "\nhub: %s MiB of archives, %s MiB of files in all, in %s history steps\n" "$CLONE_MIB" \
    "$(git -c safe.directory="*" --git-dir="$work/hub.git" ls-tree -r -l main | awk '{ s += $4 } END { printf "%.1f", s / 1048576 }')" \
    "$(git -c safe.directory="*" --git-dir="$work/hub.git" for-each-ref refs/carnet/steps/ | wc -l)"
clone_once() { rm -rf "$work/clone-$1"; "${on_link[@]}" "$carnet" clone "$url" "$work/clone-$1" --ministry autorite-terres \
    --identity "$work/keys/member" --known-hosts "$work/known_hosts"; }
whole() { rm -rf "$work/clone-$1"; }
RUNS=$CLONE_RUNS repeated "first clone, $CLONE_MIB MiB of evidence" 0 whole -- clone_once run
full=$(awk '{print $(NF-5)}' <<<"$(sed -n 1p "$work/runs")")
((CUT)) || exit 0
if [[ $LINK == netns ]]; then
    # The drop: once half the clone's bytes have crossed, the link drops every packet for
    # CUT_SECONDS, then carries again. The connection is not closed: TCP retransmits, backing off.
    rm -rf "$work/cut-clone"
    read -r cb0 _ _ cr0 < <(stats)
    cut_start=$(date +%s.%N)
    "${on_link[@]}" "$carnet" clone "$url" "$work/cut-clone" --ministry autorite-terres --identity "$work/keys/member" \
        --known-hosts "$work/known_hosts" >/dev/null 2>"$work/cut.err" &
    cloning=$!
    while kill -0 "$cloning" 2>/dev/null; do
        read -r cb _ _ _ < <(stats)
        ((cb - cb0 >= full / 2)) && break
        sleep 0.2
    done
    down_at=$(date +%s.%N)
    echo down >"$work/link-control"; sleep "$CUT_SECONDS"; echo up >"$work/link-control"
    up_at=$(date +%s.%N)
    status=0; wait "$cloning" || status=$?
    tries=0
    # A clone that ended (stalled or lost) is tried again, as a person or the daemon would.
    while ((status != 0)) && ((tries < 5)); do
        tries=$((tries + 1))
        status=0
        "${on_link[@]}" "$carnet" clone "$url" "$work/cut-clone" --ministry autorite-terres --identity "$work/keys/member" \
            --known-hosts "$work/known_hosts" >/dev/null 2>>"$work/cut.err" || status=$?
    done
    cut_end=$(date +%s.%N)
    sleep 0.3
    read -r cb1 _ _ cr1 < <(stats)
    ((status == 0)) || { echo "the clone across the drop failed:"; tail -5 "$work/cut.err"; }
    python3 - "$full" "$((cb1 - cb0))" "$((cr1 - cr0))" "$cut_start" "$down_at" "$up_at" "$cut_end" "$tries" "$CUT_SECONDS" <<'PY'
import sys
full, total, resent = map(int, sys.argv[1:4]); start, down, up, end = map(float, sys.argv[4:8]); tries = int(sys.argv[8])
print(f"clone with the link down {sys.argv[9]} s at half: {end - start:.1f} s in all ({end - up:.1f} s after the link came back),"
      f" {total} bytes on the link against {full} for a whole clone ({total - full:+d}), {resent} bytes resent by TCP;"
      f" {'no new attempt needed' if tries == 0 else f'{tries} new attempt(s)'}")
PY
    python3 - "$work/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"the link over the whole run: {s['packets']} packets; lost on the wire {s['lost_random']}"
      f" ({100 * s['lost_random'] / max(1, s['packets']):.2f} %), dropped by the full queue {s['lost_queue']},"
      f" while down {s['lost_cut']}; {s['resent']} bytes of TCP payload sent again")
PY
    exit 0
fi
# The cut: a second relay that closes every connection once half the clone's bytes have crossed.
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

