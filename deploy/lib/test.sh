# shellcheck shell=bash
# `deploy/stack test`: every test of the project, the system tests included, on a machine
# where nothing needs to run beforehand. Sourced by deploy/stack.

# The tests run on a stack of their own, in .stack-test with fresh data each time, and leave the
# user's (.stack: its data, its backlog) alone; as both use the same ports, a running user stack is
# stopped for the run and started again afterwards.
TEST_STACK_DIR="$ROOT/.stack-test"

cmd_test() {
    if [[ $STACK_DIR != "$TEST_STACK_DIR" ]]; then
        local user_stack_up=0 rc=0
        if is_running keycloak || is_running kafka || is_running postgres || is_running openldap; then
            user_stack_up=1
            info "stopping your stack (${STACK_DIR#"$ROOT"/}) while the tests run on their own (${TEST_STACK_DIR#"$ROOT"/}); it is started again afterwards"
            cmd_down
        fi
        PROVISIONING_STACK_DIR="$TEST_STACK_DIR" "$ROOT/deploy/stack" reset >/dev/null || return 1
        PROVISIONING_STACK_DIR="$TEST_STACK_DIR" "$ROOT/deploy/stack" test || rc=$?
        if [[ $user_stack_up == 1 ]]; then
            info "starting your stack again"
            cmd_up || warn "could not start your stack again: deploy/stack up"
        fi
        return $rc
    fi
    run_tests
}

# Unit and service tests need nothing running (in-JVM Kafka, embedded PostgreSQL, OIDC test
# server, a private slapd); the system tests need the whole stack, which is started here and
# stopped afterwards unless it was already running before.
run_tests() {
    local stack_was_up=0 rc=0
    if is_running keycloak || is_running kafka || is_running postgres; then
        stack_was_up=1
    fi
    # Running services would keep serving the old jars: stop them, they restart after the build.
    stop_services

    # The connector tests run their own slapd from the distribution's package; the system tests
    # sign in to the ops console in the distribution's headless Chromium.
    make_dirs
    ensure_slapd
    ensure_chromium
    info "unit and service tests: mvn install $STACK_BUILD_FLAGS"
    # shellcheck disable=SC2086 # STACK_BUILD_FLAGS is a list of options
    (cd "$ROOT" && mvn -B install $STACK_BUILD_FLAGS) || return 1

    if [[ $stack_was_up == 0 ]]; then
        trap 'info "stopping the stack started for the tests"; cmd_down' EXIT
    fi
    cmd_up
    # The stack runs connector-service from the application that mvn install built: building it
    # again here would replace its jars under the running service, whose next class load from a
    # replaced jar then blocks its event loop for good.
    # Last, the audit schema's owner tampers with the trail (AuditOwnerTamperingIT): this stack is
    # the tests' own and starts afresh next time.
    info "system tests against the running stack: mvn -pl connector-service,system-tests verify -Psystem-tests -Dquarkus.build.skip=true -Daudit-tampering.skip=false"
    (cd "$ROOT" && mvn -B -pl connector-service,system-tests verify -Psystem-tests -Dquarkus.build.skip=true \
        -Daudit-tampering.skip=false) || rc=$?
    [[ $rc == 0 ]] && info "all tests passed" || warn "system tests failed (exit $rc); logs in ${LOG_DIR#"$ROOT"/}"
    return $rc
}

# Chromium and its WebDriver from the distribution (/usr/bin/chromium, /usr/bin/chromedriver: the
# paths the system tests use); installed when missing, as slapd is.
ensure_chromium() {
    [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && return 0
    [[ $EUID -eq 0 ]] || die "Chromium is not installed: sudo apt-get install -y --no-install-recommends chromium chromium-driver"
    info "installing Chromium (apt-get install chromium chromium-driver)"
    export DEBIAN_FRONTEND=noninteractive
    local log="$LOG_DIR/apt-chromium.log"
    apt-get install -y -q --no-install-recommends chromium chromium-driver >"$log" 2>&1 \
        || { apt-get update -q >>"$log" 2>&1 \
             && apt-get install -y -q --no-install-recommends chromium chromium-driver >>"$log" 2>&1; } \
        || die "apt-get install chromium chromium-driver failed (see $log)"
}
