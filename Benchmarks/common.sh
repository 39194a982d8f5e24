# Sourced by the benchmarks (from the repository's top folder).

# release_carnet WORK: sets $carnet to $CARNET_BIN, or to a release build in .build-bench
# (its log in WORK/build.log).
release_carnet() {
    if [[ -n "${CARNET_BIN:-}" ]]; then
        carnet=$(realpath "$CARNET_BIN")
    else
        scripts/build-release.sh .build-bench >"$1/build.log" 2>&1 || { tail -30 "$1/build.log"; exit 1; }
        carnet="$PWD/.build-bench/release/carnet"
    fi
}

# hub_account NAME: (as root) a system account for the hub, as docs/HUB.md deploys one ("make a
# user for the hub"), with /bin/sh as its shell. Sessions as root would run root's shell set-up
# in every SSH session (bash reads ~/.bashrc when sshd starts it; this machine's runs pyenv):
# a quarter of a hub.sh run's CPU, in the floor and in every sync, that no hub pays.
# Prints the name to give start_sshd as SSHD_USER; prints nothing when not root.
hub_account() {
    [[ $(id -u) == 0 ]] || return 0
    id -u "$1" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh --password "*" "$1"
    echo "$1"
}

# start_sshd DIR starts a private sshd on 127.0.0.1 (a free port, its
# own host key, DIR/authorized_keys, MaxStartups raised for many clients at once), writes
# DIR/known_hosts, waits until it answers, and sets $port and $user (SSHD_USER, else whoever runs it). Stop it with
# kill "$(cat DIR/sshd.pid)". With a second argument `log`, sshd logs each session it accepts
# to DIR/sshd.log (to count the sessions a run opened).
start_sshd() {
    local dir=$1 level=ERROR logging=()
    if [[ ${2:-} == log ]]; then level=INFO; logging=(-E "$dir/sshd.log"); fi
    mkdir -p "$dir" /run/sshd
    ssh-keygen -q -t ed25519 -N "" -C bench-host -f "$dir/host_key"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    user=${SSHD_USER:-$(id -un)}
    cat >"$dir/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $user
MaxStartups 200:30:400
MaxSessions 50
LogLevel $level
CONFIG
    /usr/sbin/sshd -f "$dir/sshd_config" "${logging[@]}"
    local hostkey
    read -r _ hostkey _ <"$dir/host_key.pub"
    echo "[127.0.0.1]:$port ssh-ed25519 $hostkey" >"$dir/known_hosts"
    for _ in $(seq 100); do ssh-keyscan -p "$port" 127.0.0.1 >/dev/null 2>&1 && break; sleep 0.1; done
}
