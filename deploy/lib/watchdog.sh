# shellcheck shell=bash
# The watchdog of the local stack: restarts a service whose JVM ended itself on a fatal error, as an
# orchestrator restarts a container that exits. The services end themselves on any Error that
# escapes a thread (exit status 70) and on running out of memory (-XX:+ExitOnOutOfMemoryError),
# rather than live on without the thread that died; nothing is lost, since every consumer commits
# its offsets after its work. A service stopped or killed through deploy/stack (its pid file is
# removed), or one that ended for any other reason, is left alone: fault drills decide themselves
# when what they killed comes back. Sourced by deploy/stack.

WATCHDOG_PID_FILE="$STACK_DIR/watchdog.pid"
WATCHDOG_INTERVAL=${WATCHDOG_INTERVAL:-3}
# What the last words of a JVM that ended itself say (the uncaught-error policy; the JVM on OOM).
FATAL_MARKERS=("ending the process so that it is restarted" "Terminating due to java.lang.OutOfMemoryError")

start_watchdog() {
    local pid
    pid=$([[ -s $WATCHDOG_PID_FILE ]] && tr -dc '0-9' <"$WATCHDOG_PID_FILE" || true)
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        return 0
    fi
    setsid "$DEPLOY_DIR/stack" watchdog </dev/null >>"$(log_file watchdog)" 2>&1 &
    echo $! >"$WATCHDOG_PID_FILE"
    info "watchdog: restarts a service that ends on a fatal error (log: ${LOG_DIR#"$ROOT"/}/watchdog.log)"
}

stop_watchdog() {
    local pid
    pid=$([[ -s $WATCHDOG_PID_FILE ]] && tr -dc '0-9' <"$WATCHDOG_PID_FILE" || true)
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true
    rm -f "$WATCHDOG_PID_FILE"
}

cmd_watchdog() {
    local name
    while true; do
        for name in $(service_names); do
            restart_if_fatal "$name"
        done
        sleep "$WATCHDOG_INTERVAL"
    done
}

restart_if_fatal() {
    local name=$1
    [[ -s $(pid_file "$name") ]] || return 0
    is_running "$name" && return 0
    ended_on_fatal_error "$name" || return 0
    info "watchdog: $name ended on a fatal error ($(last_fatal_line "$name")); restarting it"
    # subshells: a failure here (die) must not end the watchdog
    if (start_service "$name") && (wait_service "$name"); then
        info "watchdog: $name ready again"
    else
        warn "watchdog: $name did not come back; trying again in ${WATCHDOG_INTERVAL}s"
    fi
}

# What the service's last start wrote to its log (from its last start marker on).
since_last_start() {
    local log
    log=$(log_file "$1")
    [[ -f $log ]] || return 0
    # linear in the log's size: a log of a busy run is tens of MB, and the text built line by line
    # (awk appending to one buffer) took minutes of a core
    local from
    from=$(grep -n -F -- "===== $1 starting at" "$log" | tail -n 1 | cut -d: -f1)
    tail -n +"${from:-1}" "$log"
}

ended_on_fatal_error() {
    local text marker
    text=$(since_last_start "$1")
    for marker in "${FATAL_MARKERS[@]}"; do
        grep -qF -- "$marker" <<<"$text" && return 0
    done
    return 1
}

last_fatal_line() {
    local marker
    for marker in "${FATAL_MARKERS[@]}"; do
        since_last_start "$1" | grep -F -- "$marker" | tail -n 1 | cut -c1-160 && return 0
    done
}
