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
# reference advertisement 1) plus one per push (the pack and the hub's report); and the ratio.
#
#   Benchmarks/links.sh                         builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet KBITS=64 RTT_MS=800 Benchmarks/links.sh
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

KBITS=${KBITS:-256}; RTT_MS=${RTT_MS:-300}; EVIDENCE_KIB=${EVIDENCE_KIB:-2560}
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

stats() { python3 -c "import json; s = json.load(open('$work/stats.json')); print(s['up'] + s['down'], s['connections'])"; }
sleep 0.3
read -r b0 c0 < <(stats)   # the readiness check's connection (sshd's banner) is not the clone's
# The first clone goes through the link too (the plan's records).
clone_start=$(date +%s.%N)
"$carnet" clone "$url" "$work/copy" --ministry autorite-terres --identity "$work/keys/member" \
    --known-hosts "$work/known_hosts" >/dev/null
clone_end=$(date +%s.%N)
"$carnet" whoami -C "$work/copy" --name "Gonzalo Vega" --email g.vega@terres.example >/dev/null

sleep 0.3
read -r b1 c1 < <(stats)
clone_bytes=$((b1 - b0)); clone_conns=$((c1 - c0))

printf "link: %s kbit/s (%s B/s each way), %s ms round trip; hub: guarded, sshd on 127.0.0.1 behind the relay\n\n" \
    "$KBITS" "$rate" "$RTT_MS"
printf "%-34s %9s %12s %6s %9s %7s\n" case "wall (s)" "link bytes" conns "floor (s)" ratio
report() {  # name start end bytes connections pushes
    python3 - "$@" "$rate" "$RTT_MS" <<'PY'
import sys
name, start, end, bytes_, conns, pushes, rate, rtt = sys.argv[1:]
wall = float(end) - float(start)
trips = 7 * int(conns) + int(pushes)
floor = int(bytes_) / float(rate) + trips * float(rtt) / 1000
print(f"{name:<34} {wall:9.2f} {int(bytes_):12d} {int(conns):6d} {floor:9.2f} {wall / floor:6.2f}x")
PY
}
report "first clone (records only)" "$clone_start" "$clone_end" "$clone_bytes" "$clone_conns" 0

# measure NAME PUSHES -- command…: runs the command, reports the link's bytes and connections it used.
measure() {
    local name=$1 pushes=$2; shift 3
    local b0 c0 b1 c1 start end
    read -r b0 c0 < <(stats)
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { echo "$name failed ($?):"; cat "$work/last.out" "$work/last.err"; exit 1; }
    end=$(date +%s.%N)
    sleep 0.3
    read -r b1 c1 < <(stats)
    report "$name" "$start" "$end" $((b1 - b0)) $((c1 - c0)) "$pushes"
}

measure "no-op sync" 0 -- "$carnet" sync -C "$work/copy"
"$carnet" milestone set 05 m2 -C "$work/copy" --note "Atelier tenu le 3 novembre" >/dev/null
measure "one-record edit" 1 -- "$carnet" sync -C "$work/copy"

python3 -c "
import os, sys
data = b'%PDF-1.4\n' + os.urandom($EVIDENCE_KIB * 1024 - 9)
open('$work/scan.pdf', 'wb').write(data)"
"$carnet" evidence add 05 "$work/scan.pdf" -C "$work/copy" --title "Scan of the titles" >/dev/null
measure "$((EVIDENCE_KIB / 1024)).$(( (EVIDENCE_KIB % 1024) * 10 / 1024 )) MiB evidence push" 1 -- "$carnet" sync -C "$work/copy"

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
