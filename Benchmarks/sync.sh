#!/usr/bin/env bash
# Issue 3's figures: `carnet sync` beside a baseline doing the same with the git CLI the way
# git-sync (simonthum/git-sync) does — its checks (repository state, git status), then
# git add -A, git commit, git fetch, git merge, git push — on the same hubs in one invocation.
#
# Hubs: the generated plan of 1,000 commitments x 10 milestones (Benchmarks/generate_plan.py) with
# 20,000 commits of history, and the same plan with 100 commits (both made by git fast-import).
# Transports: file:// (the bare hub's path) and SSH on loopback (a private sshd on 127.0.0.1, a
# free port, its own host key; plain access to the bare hub, no forced command).
# Cases, for each hub and transport: a no-op sync (nothing to do on either side) and a one-edit
# sync (one hand edit of progress.yaml of a commitment that the copy's ministry leads: commit it
# and push it). Before every timed sync, an untimed one brings the copy level with the hub, so
# each tool does exactly the same work. Runs are interleaved (baseline, carnet, next case, …).
# Figures: best wall time of $RUNS runs; best CPU time (user + sys, this side only: sshd and the
# server's git are not counted for either tool), which a busy shared machine disturbs far less
# than wall time; peak RSS over the runs (/usr/bin/time; for the baseline the largest of its
# git/ssh processes).
# Goals: Carnet at most half the baseline's time in every case; a one-edit sync no more than
# 1.5x slower on 20,000 commits of history than on 100.
#
#   Benchmarks/sync.sh                    builds carnet into .build-bench (release)
#   CARNET_BIN=path/to/carnet Benchmarks/sync.sh
#   N=1000 M=10 COMMITS=20000 SHORT=100 RUNS=5 Benchmarks/sync.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v ssh >/dev/null || missing+=(openssh-client)
command -v git >/dev/null || missing+=(git)
if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

N=${N:-1000}; M=${M:-10}; COMMITS=${COMMITS:-20000}; SHORT=${SHORT:-100}; RUNS=${RUNS:-7}
work=$(mktemp -d /tmp/carnet-sync-bench-XXXX)
cleanup() {
    if [[ -f "$work/sshd/sshd.pid" ]]; then kill "$(cat "$work/sshd/sshd.pid")" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
source Benchmarks/common.sh
release_carnet "$work"
MINISTRY=min-01                          # leads c0001 (generate_plan.py: lead = c mod 20)
EDITED=commitments/c0001/progress.yaml

# --- sshd on 127.0.0.1: its own host key, port and authorized_keys (a generated client key) ---
mkdir -p "$work/sshd"
ssh-keygen -q -t ed25519 -N "" -C bench-client -f "$work/sshd/client_key"
cp "$work/sshd/client_key.pub" "$work/sshd/authorized_keys"
start_sshd "$work/sshd"
key="$work/sshd/client_key"; known="$work/sshd/known_hosts"
git_ssh="ssh -F /dev/null -i $key -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes"

# --- the baseline: one git-sync run (its steps and checks, the git CLI), in the folder $1 ---
cat >"$work/git-sync.sh" <<'EOF'
#!/usr/bin/env bash
set -u
cd "$1"
g=$(git rev-parse --git-dir) || exit 128
[[ -d $g/rebase-merge || -d $g/rebase-apply || -f $g/MERGE_HEAD || -f $g/CHERRY_PICK_HEAD ]] && exit 2
git diff --no-ext-diff --quiet --exit-code || true          # git_repo_state: |DIRTY is allowed
branch=$(git symbolic-ref -q HEAD); branch=${branch#refs/heads/}
remote=$(git config --get "branch.$branch.remote") || exit 2
[[ $(git config --get --bool "branch.$branch.sync") == true ]] || exit 1
state() {
    case "$(git rev-list --count --left-right "$remote/$branch...HEAD")" in
        "0	0") echo equal ;; "0	"*) echo ahead ;; *"	0") echo behind ;; *) echo diverged ;;
    esac
}
[[ -z $(git status --porcelain | grep -E '^[^ ?][^M?] *') ]] || exit 1   # check_initial_file_state
if [[ -n $(git status --porcelain) ]]; then                              # local_changes
    git add -A && git commit -q -m "changes from $(uname -n) on $(date)" || exit 1
    [[ -z $(git status --porcelain) ]] || exit 1
fi
git fetch -q "$remote" "$branch" || exit 3
case $(state) in
    equal) ;;
    ahead) git push -q "$remote" "$branch:$branch" || exit 3 ;;
    behind) git merge -q --ff --ff-only "$remote/$branch" || exit 2 ;;
    diverged) { git merge -q --no-edit "$remote/$branch" && git push -q "$remote" "$branch:$branch"; } || exit 1 ;;
esac
[[ $(state) == equal ]] || exit 3
EOF

# --- hubs: the generated plan, its history by fast-import, in bare repositories ---
python3 Benchmarks/generate_plan.py "$work/plan" "$N" "$M" >/dev/null
make_hub() {  # make_hub NAME COMMITS
    git init -q --bare -b main "$work/$1.git"
    python3 Benchmarks/fast_history.py "$work/plan" "$2" | git --git-dir="$work/$1.git" fast-import --quiet
}
make_hub big "$COMMITS"
make_hub short "$SHORT"

hub_url() {  # hub_url HUB TRANSPORT
    if [[ $2 == file ]]; then echo "file://$work/$1.git"; else echo "ssh://$user@127.0.0.1:$port$work/$1.git"; fi
}
# Working copies: $work/copies/HUB-TRANSPORT-TOOL
for hub in big short; do
    for transport in file ssh; do
        url=$(hub_url "$hub" "$transport")
        dir="$work/copies/$hub-$transport-carnet"
        if [[ $transport == file ]]; then
            "$carnet" clone "$url" "$dir" --ministry "$MINISTRY" >/dev/null
        else
            "$carnet" clone "$url" "$dir" --ministry "$MINISTRY" --identity "$key" --known-hosts "$known" >/dev/null
        fi
        "$carnet" whoami -C "$dir" --name "Bench Carnet" --email carnet@min-01.example >/dev/null
        dir="$work/copies/$hub-$transport-git"
        git -c core.sshCommand="$git_ssh" clone -q "$url" "$dir"
        git -C "$dir" config core.sshCommand "$git_ssh"
        git -C "$dir" config user.name "Bench git-sync"
        git -C "$dir" config user.email git-sync@min-01.example
        git -C "$dir" config branch.main.sync true
    done
done

sync_cmd() {  # sync_cmd TOOL DIR → the command line of one sync
    if [[ $1 == carnet ]]; then echo "$carnet" sync -C "$2"; else echo bash "$work/git-sync.sh" "$2"; fi
}
results="$work/results"; : >"$results"
# measure KEY CMD...: one timed run, appended to $results as "KEY wall_s cpu_s peak_kB" (wall from
# bash's microsecond clock around /usr/bin/time, which gives CPU time and peak RSS)
measure() {
    local key=$1; shift
    local t0=$EPOCHREALTIME t1 user sys kb
    if ! /usr/bin/time -f "%U %S %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err"; then
        echo "FAILED: $key: $*"; cat "$work/out" "$work/err"; exit 1
    fi
    t1=$EPOCHREALTIME
    read -r user sys kb < <(tail -1 "$work/t")   # time(1)'s wall is in 10 ms steps: ours is in µs
    echo "$key $(python3 -c "print(f'{$t1 - $t0:.4f} {$user + $sys:.2f}')") $kb" >>"$results"
}
hub_main() { git --git-dir="$work/$1.git" rev-parse refs/heads/main; }

echo "Plan: $N commitments x $M milestones ($(find "$work/plan" -name '*.yaml' | wc -l) files); hub history:" \
    "$(git --git-dir="$work/big.git" rev-list --count main) and $(git --git-dir="$work/short.git" rev-list --count main) commits;" \
    "best of $RUNS runs; sshd on 127.0.0.1:$port"
for run in $(seq "$RUNS"); do
    # The floor of any sync over SSH: one session that runs nothing (OpenSSH's client, `true`).
    measure "session ssh floor ssh" $git_ssh -p "$port" "$user@127.0.0.1" true
    for hub in big short; do
        for transport in file ssh; do
            for tool in git carnet; do
                dir="$work/copies/$hub-$transport-$tool"
                read -ra cmd <<<"$(sync_cmd "$tool" "$dir")"
                "${cmd[@]}" >/dev/null 2>&1 || { echo "catch-up sync failed: ${cmd[*]}"; "${cmd[@]}"; exit 1; }
                before=$(hub_main "$hub")
                measure "$hub $transport noop $tool" "${cmd[@]}"
                [[ $(hub_main "$hub") == "$before" ]] || { echo "a no-op sync moved the hub ($tool)"; exit 1; }
                sed -i "s/^results: .*/results: \"Run $run of $tool over $transport\"/" "$dir/$EDITED"
                measure "$hub $transport edit $tool" "${cmd[@]}"
                [[ $(hub_main "$hub") == "$(git -C "$dir" rev-parse HEAD)" ]] || { echo "the edit did not reach the hub ($tool)"; exit 1; }
                git --git-dir="$work/$hub.git" show "main:$EDITED" | grep -q "Run $run of $tool over $transport" \
                    || { echo "the hub's $EDITED lacks the edit ($tool)"; exit 1; }
                [[ -z $(git -C "$dir" status --porcelain) ]] || { echo "$tool left the copy unclean"; exit 1; }
            done
        done
    done
done

python3 - "$results" "$COMMITS" "$SHORT" <<'PY'
import sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    hub, transport, case, tool, wall, cpu, kb = line.split()
    rows[hub, transport, case, tool].append((float(wall), float(cpu), int(kb)))
best = {k: min(r[0] for r in v) for k, v in rows.items()}
floor = best.pop(("session", "ssh", "floor", "ssh"))
cpu = {k: min(r[1] for r in v) for k, v in rows.items()}
peak = {k: max(r[2] for r in v) / 1024 for k, v in rows.items()}
names = {"big": f"{int(sys.argv[2]):,} commits", "short": f"{int(sys.argv[3]):,} commits"}
tname = {"file": "file://", "ssh": "ssh"}
print(f"\nwall: best of the runs; cpu: user+sys of this side, best; rss: peak")
print(f"{'':<34} {'baseline (git-sync)':^28} {'carnet sync':^28}")
print(f"{'case':<34} {'wall':>10} {'cpu':>8} {'rss':>8} {'wall':>10} {'cpu':>8} {'rss':>8} {'ratio wall':>11} {'ratio cpu':>10}  goal: wall ratio <= 0.5")
all_met = True
for hub in ("big", "short"):
    for transport in ("file", "ssh"):
        for case in ("noop", "edit"):
            g, c = (hub, transport, case, "git"), (hub, transport, case, "carnet")
            ratio = best[c] / best[g]
            met = ratio <= 0.5
            all_met &= met
            label = f"{names[hub]}, {tname[transport]}, {'no-op' if case == 'noop' else 'one edit'}"
            verdict = "met" if met else "NOT met"
            if not met and transport == "ssh" and floor > best[g] / 2:
                verdict += " (half the baseline is less than one SSH session here)"
            print(f"{label:<34} {best[g]:8.3f} s {cpu[g]:6.2f} s {peak[g]:5.0f} MB {best[c]:8.3f} s {cpu[c]:6.2f} s {peak[c]:5.0f} MB"
                  f" {ratio:11.2f} {cpu[c] / cpu[g] if cpu[g] else float('nan'):10.2f}  {verdict}")
print(f"one SSH session that runs nothing (ssh host true, OpenSSH): {floor:.3f} s: a sync over SSH, no-op or not, opens at least one")
print(f"goal 1 (carnet at most half the baseline's time in every case): {'met' if all_met else 'NOT met'}")
met2 = True
for transport in ("file", "ssh"):
    for tool in ("carnet", "git"):
        big, short = ("big", transport, "edit", tool), ("short", transport, "edit", tool)
        r = best[big] / best[short]
        if tool == "carnet":
            met2 &= r <= 1.5
        print(f"one-edit sync, {names['big']} / {names['short']}, {tname[transport]:<7} {tool:<7}: wall x{r:.2f}, cpu x{cpu[big] / cpu[short]:.2f}")
print(f"goal 2 (carnet's one-edit sync at most 1.5x slower on {names['big']} than on {names['short']}): {'met' if met2 else 'NOT met'}")
PY
echo "hubs after the runs: git fsck $(git --git-dir="$work/big.git" fsck --no-progress >/dev/null 2>&1 && git --git-dir="$work/short.git" fsck --no-progress >/dev/null 2>&1 && echo ok || echo FAILED)"
