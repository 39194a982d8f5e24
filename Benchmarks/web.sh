#!/usr/bin/env bash
# Issue 13's figures: `carnet web` on the generated plan of 1,000 commitments x 10 milestones,
# in a ministry's copy (its 50 commitments): My commitments, a commitment's page and a save
# (validate + commit + redirect), then My commitments again once the saves moved HEAD, p50/p95 from a load generator on loopback (web_load.py,
# CONCURRENCY connections), and the server's resident memory idle and at its peak under load;
# beside a baseline in the same run: the same commitment page served as a static file by
# Python's http.server (what serving those bytes costs at least). Median of RUNS runs, with the
# spread (min–max). Goals: pages under 50 ms p95, a save under 150 ms p95, under 60 MB. Also the
# first My commitments after a start (with no leads kept on disk, then after a restart), and the
# point of contact's whole-plan pages (all commitments: the first page of 50, a filtered page, a
# later page; Needs attention: the first page, page 3; Ministries) in a copy
# cloned --point-of-contact from a hub of the same plan, beside the attention page as a static
# file (CONTACT=0 skips them).
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

# start_app COPY: `carnet web` on COPY ($server, $address, $cookie: this run's session).
start_app() {
    rm -f "$work/out"
    HOME="$work" XDG_CONFIG_HOME="$work/config" CARNET_LANG=en "$carnet" web -C "$1" --no-open >"$work/out" 2>&1 &
    server=$!
    for _ in $(seq 300); do grep -q "secret=" "$work/out" 2>/dev/null && break; sleep 0.1; done
    address=$(grep -o 'http://127.0.0.1:[0-9]*/?secret=[0-9a-f]*' "$work/out")
}

stop_app() { kill -INT "$server"; wait "$server" 2>/dev/null || true; server=""; }

# baseline COPY PAGE NAME: PAGE's bytes as the app serves them, kept as static/NAME for the
# baseline (Python's static server), fetched from a start of its own so that the measured
# starts' first requests are really first.
baseline() {
    start_app "$1"
    local cookie
    cookie=$(curl -s -D - -o /dev/null "$address" | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
    curl -s -H "Cookie: $cookie" "${address%%/?secret*}$2" >"$work/static/$3"
    stop_app
}

mkdir -p "$work/static"
sport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$sport" --bind 127.0.0.1 --directory "$work/static" >/dev/null 2>&1 &
static=$!
baseline "$work/plan" "/c/$commitment" page.html
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$sport/page.html" && break; sleep 0.1; done

# The first run starts with no leads kept on disk (.git/carnet/web-leads): its first request
# parses every commitment.yaml; the next runs start as any restart does.
rm -f "$work/plan/.git/carnet/web-leads"
for run in $(seq "$RUNS"); do
    start_app "$work/plan"
    python3 Benchmarks/web_load.py "$address" "$server" "$commitment" m1 "$REQUESTS" "$CONCURRENCY" \
        "http://127.0.0.1:$sport/page.html" | tee -a "$work/runs.jsonl"
    stop_app
done

# The point of contact's whole-plan pages (CONTACT=0 skips them): a copy cloned
# --point-of-contact from a hub made from the same plan, whose hub status was fetched once
# (the Ministries page reads what was last fetched, as `carnet hub status` left it).
if [[ ${CONTACT:-1} != 0 ]]; then
    (
        export HOME="$work" XDG_CONFIG_HOME="$work/config" CARNET_LANG=en
        "$carnet" hub init "$work/hub.git" --from "$work/plan" >/dev/null
        "$carnet" clone "$work/hub.git" "$work/poc" --point-of-contact >/dev/null
        "$carnet" whoami -C "$work/poc" --name "Point of contact" --email p@x >/dev/null
        (cd "$work/poc" && "$carnet" hub status >/dev/null)
    )
    baseline "$work/poc" /attention attention.html
    echo "Point of contact's copy: all commitments (/: its first page, a filtered page, a later page), Needs attention (first page, page 3), Ministries; baseline: the attention page as a static file"
    for run in $(seq "$RUNS"); do
        start_app "$work/poc"
        python3 Benchmarks/web_load.py "$address" "$server" --pages 'all=/,filtered=/?rag=red&status=limited,later=/?page=7,attention=/attention,attention_later=/attention?page=3,ministries=/ministries' \
            "$REQUESTS" "$CONCURRENCY" "http://127.0.0.1:$sport/attention.html" | tee -a "$work/contact.jsonl"
        stop_app
    done
fi

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
print(f"{'first My commitments after a start, none kept':<44} {runs[0]['home_first']:8.1f} ms  (run 1)")
if len(runs) > 1:
    later = [r["home_first"] for r in runs[1:]]
    print(f"{'first My commitments after a restart':<44} median {statistics.median(later):8.1f} ms  (min {min(later):.1f}, max {max(later):.1f})")
med = lambda k: statistics.median(r[k] for r in runs)
ok = max(med("home_p95"), med("page_p95"), med("home_after_p95")) < 50 and med("save_p95") < 150 and med("rss_peak_mb") < 60
print("goals (pages < 50 ms p95, save < 150 ms p95, < 60 MB):", "met" if ok else "NOT met")
PY
if [[ -s "$work/contact.jsonl" ]]; then
python3 - "$work/contact.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def row(label, key, unit):
    xs = [r[key] for r in runs]
    print(f"{label:<44} median {statistics.median(xs):8.1f} {unit}  (min {min(xs):.1f}, max {max(xs):.1f})")
print("Point of contact's copy:")
row("baseline: static file p50", "static_p50", "ms"); row("baseline: static file p95", "static_p95", "ms")
pages = [("all", "all commitments (/), first page"), ("filtered", "a filtered page (red, limited)"), ("later", "a later page (/?page=7)"),
         ("attention", "Needs attention"), ("attention_later", "Needs attention, page 3"), ("ministries", "Ministries")]
for name, label in pages:
    row(f"{label}: first request after a start", f"{name}_first", "ms")
    row(f"{label} p50", f"{name}_p50", "ms"); row(f"{label} p95", f"{name}_p95", "ms")
    row(f"server CPU per {label}", f"{name}_cpu_ms", "ms")
row("resident memory idle", "rss_idle_mb", "MB"); row("resident memory peak under load", "rss_peak_mb", "MB")
med = lambda k: statistics.median(r[k] for r in runs)
ok = max(med(f"{name}_p95") for name, _ in pages) < 50 and med("rss_peak_mb") < 60
print("goals (pages < 50 ms p95, < 60 MB):", "met" if ok else "NOT met")
PY
fi
