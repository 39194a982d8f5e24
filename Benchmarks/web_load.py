#!/usr/bin/env python3
"""A small load generator for `carnet web` on loopback (Benchmarks/web.sh).

Usage: web_load.py ADDRESS_WITH_SECRET PID COMMITMENT MILESTONE REQUESTS CONCURRENCY [STATIC_URL]
       web_load.py ADDRESS_WITH_SECRET PID --pages NAME=PATH,NAME=PATH… REQUESTS CONCURRENCY [STATIC_URL]
Prints one JSON object: p50/p95 (ms) of My commitments, a commitment's page and a save
(validate + commit + redirect), My commitments again after the saves (HEAD moved), the server's resident memory (VmRSS, MB) idle and at its peak
under load, the server's CPU time per request (user + system: what a request costs apart
from waiting for a core on a loaded machine), and, with STATIC_URL, the same page served as a static file (the baseline).
With --pages (the point of contact's pages): for each page, its first request after the start
(NAME_first, ms), then p50/p95 and the server's CPU per request; memory and the baseline as above.
"""
import http.client, json, os, re, statistics, sys, threading, time, urllib.parse

address, pid = sys.argv[1], int(sys.argv[2])
named = None
if sys.argv[3] == "--pages":
    named = [tuple(item.split("=", 1)) for item in sys.argv[4].split(",")]
    commitment = milestone = None
else:
    commitment, milestone = sys.argv[3], sys.argv[4]
requests, concurrency = int(sys.argv[5]), int(sys.argv[6])
static = sys.argv[7] if len(sys.argv) > 7 else None
url = urllib.parse.urlparse(address)
host, port = url.hostname, url.port


def rss():
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def cpu_ms():
    """The server's CPU time so far (user + system), in ms: on a loaded machine, what a request
    costs the server itself, apart from the time it waits for a core."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def connect():
    return http.client.HTTPConnection(host, port, timeout=120)


# The secret becomes the session cookie.
c = connect()
c.request("GET", "/?" + url.query, headers={"Host": f"{host}:{port}"})
r = c.getresponse(); r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]
headers = {"Host": f"{host}:{port}", "Cookie": cookie}


def get(path, conn):
    t = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse(); body = r.read()
    assert r.status == 200, (path, r.status, body[:300])
    return (time.perf_counter() - t) * 1000, body.decode()


def hidden(name, page, after):
    page = page[page.index(after):]
    return re.search(f'name="{name}" value="([^"]*)"', page).group(1)


def pages(path, n, conns):
    times, lock = [], threading.Lock()
    def worker(k):
        conn = connect()
        for _ in range(k):
            ms, _ = get(path, conn)
            with lock: times.append(ms)
    per = [n // conns + (1 if i < n % conns else 0) for i in range(conns)]
    threads = [threading.Thread(target=worker, args=(k,)) for k in per]
    for t in threads: t.start()
    for t in threads: t.join()
    return times


def pct(xs, p):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))], 1)


def baseline(out):
    if static:
        s = urllib.parse.urlparse(static)
        sc = http.client.HTTPConnection(s.hostname, s.port, timeout=60)
        st = []
        for _ in range(requests):
            t = time.perf_counter(); sc.request("GET", s.path); r = sc.getresponse(); r.read(); st.append((time.perf_counter() - t) * 1000)
        out["static_p50"], out["static_p95"] = pct(st, 50), pct(st, 95)


if named:
    idle = rss()
    out = {"rss_idle_mb": round(idle, 1)}
    peak = [idle]
    conn = connect()
    for name, path in named:
        out[name + "_first"] = round(get(path, conn)[0], 1)
    stop = False
    def watch_named():
        while not stop:
            peak[0] = max(peak[0], rss()); time.sleep(0.05)
    watcher = threading.Thread(target=watch_named); watcher.start()
    for name, path in named:
        cpu = cpu_ms()
        times = pages(path, requests, concurrency)
        out[name + "_cpu_ms"] = round((cpu_ms() - cpu) / requests, 1)
        out[name + "_p50"], out[name + "_p95"] = pct(times, 50), pct(times, 95)
    stop = True; watcher.join()
    out["rss_peak_mb"] = round(peak[0], 1)
    baseline(out)
    print(json.dumps(out))
    sys.exit(0)

idle = rss()
conn = connect()
t0 = time.perf_counter()
get("/", conn)  # the first request reads who leads what from git once
first = (time.perf_counter() - t0) * 1000
peak = [idle]
stop = False
def watch():
    while not stop:
        peak[0] = max(peak[0], rss()); time.sleep(0.05)
watcher = threading.Thread(target=watch); watcher.start()

cpu = cpu_ms()
home = pages("/", requests, concurrency)
home_cpu = (cpu_ms() - cpu) / requests
cpu = cpu_ms()
page = pages(f"/c/{commitment}", requests, concurrency)
page_cpu = (cpu_ms() - cpu) / requests

# Saves, one after another as people make them: each from the page as a browser has it.
saves, save_cpu = [], 0.0
marker = f'action="/c/{commitment}/m/{milestone}"'
for i in range(max(10, requests // 4)):
    _, body = get(f"/c/{commitment}", conn)
    form = {"csrf": hidden("csrf", body, marker), "version": hidden("version", body, marker), "note": f"Benchmark note {i} {time.time()}"}
    data = urllib.parse.urlencode(form)
    t, cpu = time.perf_counter(), cpu_ms()
    conn.request("POST", f"/c/{commitment}/m/{milestone}", body=data,
                 headers=dict(headers, **{"Origin": f"http://{host}:{port}", "Content-Type": "application/x-www-form-urlencoded"}))
    r = conn.getresponse(); r.read()
    assert r.status == 303, r.status
    saves.append((time.perf_counter() - t) * 1000)
    save_cpu += cpu_ms() - cpu
# My commitments again, now that HEAD moved (each save is a commit): what changed is read, not all.
home_after = pages("/", max(10, requests // 4), concurrency)
stop = True; watcher.join()

out = {"home_p50": pct(home, 50), "home_p95": pct(home, 95), "page_p50": pct(page, 50), "page_p95": pct(page, 95),
       "save_p50": pct(saves, 50), "save_p95": pct(saves, 95), "rss_idle_mb": round(idle, 1), "rss_peak_mb": round(peak[0], 1),
       "home_after_p50": pct(home_after, 50), "home_after_p95": pct(home_after, 95),
       "home_cpu_ms": round(home_cpu, 1), "page_cpu_ms": round(page_cpu, 1), "save_cpu_ms": round(save_cpu / len(saves), 1),
       "home_first": round(first, 1)}
baseline(out)
print(json.dumps(out))
