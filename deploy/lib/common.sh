# shellcheck shell=bash
# Shared helpers of deploy/stack: paths, messages, pid files, ports, waiting.
# Sourced by deploy/stack; not meant to run on its own.

# PROVISIONING_STACK_DIR: another state directory (deploy/stack test runs on one of its own).
STACK_DIR="${PROVISIONING_STACK_DIR:-$ROOT/.stack}"
LOG_DIR="$STACK_DIR/logs"
PID_DIR="$STACK_DIR/pids"
DATA_DIR="$STACK_DIR/data"
CONF_DIR="$STACK_DIR/conf"
CACHE_DIR="${PROVISIONING_CACHE:-$HOME/.cache/provisioning-stack}"

# What each started process must carry in its command line to count as ours.
# A pid file that survived a reboot can point at an unrelated process; this
# keeps `up` from trusting it and `down` from killing it.
declare -A SIGNATURE=()

info() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }
log_file() { printf '%s/%s.log' "$LOG_DIR" "$1"; }

make_dirs() {
    mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR" "$CONF_DIR" "$CACHE_DIR"
    # The PostgreSQL server may run as another user: it must be able to walk in.
    chmod 755 "$STACK_DIR" "$DATA_DIR" "$LOG_DIR"
}

read_pid() {
    local file
    file=$(pid_file "$1")
    [[ -s $file ]] && tr -dc '0-9' <"$file"
    return 0
}

# True when NAME's pid file points at a live process that is really NAME.
is_running() {
    local name=$1 pid
    pid=$(read_pid "$name")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    local signature=${SIGNATURE[$name]:-}
    [[ -z $signature ]] && return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$signature"
}

port_in_use() {
    [[ -n $(ss -ltnH "sport = :$1" 2>/dev/null) ]]
}

# Exits when PORT, needed by NAME, is held by a process we did not start.
ensure_port_free() {
    local name=$1 port=$2
    port_in_use "$port" || return 0
    printf '[stack] ERROR: port %s (needed by %s) is already taken by:\n' "$port" "$name" >&2
    ss -ltnp "sport = :$port" >&2 || true
    [[ $EUID -eq 0 ]] || printf '[stack] (run as root to see processes of other users)\n' >&2
    exit 1
}

# Starts a command as its own session (so `down` can stop its whole process
# group), with output appended to the component's log and its pid recorded.
spawn() {
    local name=$1
    shift
    local log pidf
    log=$(log_file "$name")
    pidf=$(pid_file "$name")
    rm -f "$pidf"
    printf '\n===== %s starting at %s =====\n' "$name" "$(date -Is)" >>"$log"
    # The inner shell writes its own pid, then becomes the command.
    # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >>"$log" 2>&1 &
    for _ in $(seq 50); do
        [[ -s $pidf ]] && return 0
        sleep 0.1
    done
    die "$name did not start (see $log)"
}

show_log_tail() {
    local log
    log=$(log_file "$1")
    printf '[stack] last 30 lines of %s:\n' "$log" >&2
    tail -n 30 "$log" >&2 || true
}

# Prints the HTTP status of URL, or nothing when nobody answers.
http_code() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null) || true
    [[ $code == 000 ]] || printf '%s' "$code"
}

tcp_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until URL answers 200; fails early when NAME's process is gone.
wait_http() {
    local name=$1 url=$2 timeout=$3 waited=0
    until [[ $(http_code "$url") == 200 ]]; do
        if ! is_running "$name"; then
            show_log_tail "$name"
            die "$name exited while starting"
        fi
        if ((waited >= timeout)); then
            show_log_tail "$name"
            die "$name not ready after ${timeout}s ($url)"
        fi
        sleep 2
        waited=$((waited + 2))
    done
}

# TERM to the process group, KILL after TIMEOUT seconds; then forget the pid.
stop_process_group() {
    local name=$1 timeout=${2:-30} pid
    pid=$(read_pid "$name")
    if ! is_running "$name"; then
        rm -f "$(pid_file "$name")"
        return 0
    fi
    info "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; do
        if ((waited >= timeout * 10)); then
            warn "$name still alive after ${timeout}s: killing it"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    rm -f "$(pid_file "$name")"
}

# One status line: NAME, state, pid, port, health.
status_line() {
    local name=$1 port=$2 health=$3 state=stopped pid=-
    if is_running "$name"; then
        state=running
        pid=$(read_pid "$name")
    elif port_in_use "$port"; then
        health="port held by another process"
    else
        health="-"
    fi
    printf '%-20s %-8s %-8s %-6s %s\n' "$name" "$state" "$pid" "$port" "$health"
}
