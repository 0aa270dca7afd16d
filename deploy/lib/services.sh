# shellcheck shell=bash
# The four Quarkus services, run from their fast-jars. Sourced by deploy/stack.
# Their default configuration already points at this stack (Kafka 9092,
# PostgreSQL 15432, Keycloak 8180), so only the profile is set.

# MODULE:PORT, in start order.
SERVICES="hr-ingest-service:8081 policy-service:8082 connector-service:8083 audit-service:8084"
SERVICE_READY_TIMEOUT=${STACK_SERVICE_TIMEOUT:-120}

service_names() {
    local entry
    for entry in $SERVICES; do printf '%s\n' "${entry%%:*}"; done
}

service_port() {
    local entry
    for entry in $SERVICES; do
        [[ ${entry%%:*} == "$1" ]] && { printf '%s\n' "${entry##*:}"; return 0; }
    done
    return 1
}

# Relative to the repository root, which is the services' working directory.
service_jar() { printf '%s/target/quarkus-app/quarkus-run.jar' "$1"; }

for _svc in $(service_names); do SIGNATURE["$_svc"]="$(service_jar "$_svc")"; done
unset _svc

# Builds the project once when a jar is missing (`up` only).
ensure_service_jars() {
    local name missing=""
    for name in $(service_names); do
        [[ -f $ROOT/$(service_jar "$name") ]] || missing+=" $name"
    done
    [[ -z $missing ]] && return 0
    info "missing service jars:$missing; building the project (mvn -q -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
    for name in $(service_names); do
        [[ -f $ROOT/$(service_jar "$name") ]] || die "still no $(service_jar "$name") after the build"
    done
}

check_service_ports() {
    local name
    for name in $(service_names); do
        is_running "$name" || ensure_port_free "$name" "$(service_port "$name")"
    done
}

# The hook `up` calls once the infrastructure is ready.
start_services() {
    ensure_service_jars
    local name
    for name in $(service_names); do
        start_service "$name"
    done
    # Started together, waited for one by one: the JVMs warm up in parallel.
    for name in $(service_names); do
        wait_service "$name"
        info "$name: ready"
    done
}

start_service() {
    local name=$1
    if is_running "$name"; then
        info "$name: already running (pid $(read_pid "$name"))"
        return 0
    fi
    info "starting $name on 127.0.0.1:$(service_port "$name")"
    # SERVICE_JAVA_OPTS: extra JVM options for the services, e.g. a flight recording while profiling
    # shellcheck disable=SC2086
    # -XX:+ExitOnOutOfMemoryError: a JVM that ran out of memory ends rather than run on without the
    # thread that died (a target's worker, a Kafka producer's sender) while it reports itself ready.
    local settings=()
    mapfile -t settings < <(service_env "$name")
    spawn "$name" env QUARKUS_PROFILE=prod PROVISIONING_CLOCK_CONTROLLABLE=true "${settings[@]}" \
        java -XX:+ExitOnOutOfMemoryError \
        $(service_heap "$name") ${SERVICE_JAVA_OPTS:-} \
        -jar "$(service_jar "$name")"
}

# What the local stack sets for one service beyond its defaults, one NAME=value a line. corp-ldap: besides the groups the
# default policy manages, the stack hands over the benchmarks' own (bench-*, deploy/stack bench).
service_env() {
    case $1 in
        connector-service) echo "PROVISIONING_TARGETS_CORP_LDAP_MANAGED_GROUPS=all-staff,engineering,sales,finance,marketing,support,human-resources,legal,operations,facilities,it,external-staff,bench-*" ;;
    esac
}

# Each service's heap. connector-service applies corp-ldap's commands in batches of up to 5 000,
# alive until they are settled: with G1 sizing the young generation itself within 384 MB, batches
# were copied and promoted (its GC took 2.6 s of CPU in 100 000 joiners); with a fixed 160 MB
# young generation 1.3-1.7 s in five runs (deploy/stack bench e2e).
service_heap() {
    case $1 in
        connector-service) echo "-Xmx384m -Xmn160m" ;;
        *) echo "-Xmx384m" ;;
    esac
}

wait_service() {
    wait_http "$1" "$(service_health_url "$1")" "$SERVICE_READY_TIMEOUT"
}

service_health_url() { printf 'http://127.0.0.1:%s/q/health/ready' "$(service_port "$1")"; }

stop_services() {
    local name
    for name in $(service_names | tac); do
        stop_process_group "$name" 20
    done
}

service_health() {
    local code
    code=$(http_code "$(service_health_url "$1")")
    [[ $code == 200 ]] && echo "ready" || echo "not ready (${code:-no answer})"
}
