#!/usr/bin/env bash
# Issue 13's figures: `carnet web` on the generated plan of 1,000 commitments x 10 milestones,
# in a ministry's copy (its 50 commitments): My commitments, a commitment's page and a save
# (validate + commit + redirect), then My commitments again once the saves moved HEAD, p50/p95 from a load generator on loopback (web_load.py,
# CONCURRENCY connections), and the server's resident memory idle and at its peak under load;
# beside a baseline in the same run: the same commitment page served as a static file by
# Python's http.server (what serving those bytes costs at least). Median of RUNS runs, with the
# spread (min–max). Goals: pages under 50 ms p95, a save under 150 ms p95, under 60 MB.
#   CARNET_BIN=.build/debug/carnet RUNS=1 Benchmarks/web.sh   (a quick check, not the figures)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source Benchmarks/common.sh
N=${N:-1000}; M=${M:-10}; RUNS=${RUNS:-5}; REQUESTS=${REQUESTS:-200}; CONCURRENCY=${CONCURRENCY:-4}
work=$(mktemp -d /tmp/carnet-web-bench-XXXX)
server=""; static=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; [[ -n "$static" ]] && kill "$static" 2>/dev/null; rm -rf "$work"' EXIT
release_carnet "$work"

python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
git -C "$work/plan" init -q -b main
git -C "$work/plan" add -A
git -C "$work/plan" -c user.name="Point of contact" -c user.email=p@x commit -qm "Plan adopted"
ministry=$(ls "$work/plan/ministries" | head -1); ministry=${ministry%.yaml}
git -C "$work/plan" config carnet.role ministry
git -C "$work/plan" config carnet.ministry "$ministry"
git -C "$work/plan" config user.name "Bench"
git -C "$work/plan" config user.email bench@x
commitment=$(grep -l "lead_agency: $ministry" "$work"/plan/commitments/*/commitment.yaml | head -1 | xargs dirname | xargs basename)
echo "Plan: $N commitments x $M milestones; ministry $ministry, commitment $commitment; $RUNS runs of $REQUESTS requests, $CONCURRENCY connections"

for run in $(seq "$RUNS"); do
    HOME="$work" XDG_CONFIG_HOME="$work/config" CARNET_LANG=en "$carnet" web -C "$work/plan" --no-open >"$work/out" 2>&1 &
    server=$!
    for _ in $(seq 300); do grep -q "secret=" "$work/out" && break; sleep 0.1; done
    address=$(grep -o 'http://127.0.0.1:[0-9]*/?secret=[0-9a-f]*' "$work/out")
    # The baseline: the same page's bytes from a static server.
    mkdir -p "$work/static"
    cookie=$(curl -s -D - -o /dev/null "$address" | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
    curl -s -H "Cookie: $cookie" "${address%%/?secret*}/c/$commitment" >"$work/static/page.html"
    sport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 -m http.server "$sport" --bind 127.0.0.1 --directory "$work/static" >/dev/null 2>&1 &
    static=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$sport/page.html" && break; sleep 0.1; done
    python3 Benchmarks/web_load.py "$address" "$server" "$commitment" m1 "$REQUESTS" "$CONCURRENCY" \
        "http://127.0.0.1:$sport/page.html" | tee -a "$work/runs.jsonl"
    kill -INT "$server"; wait "$server" 2>/dev/null || true; server=""
    kill "$static"; wait "$static" 2>/dev/null || true; static=""
done

python3 - "$work/runs.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def row(label, key, unit):
    xs = [r[key] for r in runs]
    print(f"{label:<44} median {statistics.median(xs):8.1f} {unit}  (min {min(xs):.1f}, max {max(xs):.1f})")
row("baseline: static file p50", "static_p50", "ms"); row("baseline: static file p95", "static_p95", "ms")
row("My commitments p50", "home_p50", "ms"); row("My commitments p95", "home_p95", "ms")
row("a commitment's page p50", "page_p50", "ms"); row("a commitment's page p95", "page_p95", "ms")
row("a save p50", "save_p50", "ms"); row("a save p95", "save_p95", "ms")
row("My commitments after the saves p50", "home_after_p50", "ms"); row("My commitments after the saves p95", "home_after_p95", "ms")
row("server CPU per My commitments", "home_cpu_ms", "ms"); row("server CPU per commitment page", "page_cpu_ms", "ms")
row("server CPU per save", "save_cpu_ms", "ms")
row("resident memory idle", "rss_idle_mb", "MB"); row("resident memory peak under load", "rss_peak_mb", "MB")
med = lambda k: statistics.median(r[k] for r in runs)
ok = max(med("home_p95"), med("page_p95"), med("home_after_p95")) < 50 and med("save_p95") < 150 and med("rss_peak_mb") < 60
print("goals (pages < 50 ms p95, save < 150 ms p95, < 60 MB):", "met" if ok else "NOT met")
PY
