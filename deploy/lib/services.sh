# shellcheck shell=bash
# The four Quarkus services and the ops console, run from their fast-jars. Sourced by deploy/stack.
# Their default configuration already points at this stack (Kafka 9092,
# PostgreSQL 15432, Keycloak 8180); the stack profile adds its demo secrets (the production profile
# has none: a production start without them fails), the environment each Kafka password. The ops
# console (users sign in through Keycloak, it calls the four with their tokens) has no Kafka and no
# database: its stack profile holds all it needs.

# The stack's services are built with the test clock's endpoint (/api/v1/test/clock), which the
# demo and the system tests move; a production build (plain mvn package) has none.
STACK_BUILD_FLAGS="-Dprovisioning.clock.test-endpoint=true"

# MODULE:PORT, in start order; the console, which calls the other four, last.
SERVICES="hr-ingest-service:8081 policy-service:8082 connector-service:8083 audit-service:8084 ops-console:8085"
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
    info "missing service jars:$missing; building the project (mvn -q -DskipTests package $STACK_BUILD_FLAGS)"
    # shellcheck disable=SC2086 # STACK_BUILD_FLAGS is a list of options
    (cd "$ROOT" && mvn -B -q -DskipTests package $STACK_BUILD_FLAGS) || die "the build failed"
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
    [[ $name == audit-service ]] && migrate_audit_schema
    info "starting $name on 127.0.0.1:$(service_port "$name")"
    # SERVICE_JAVA_OPTS: extra JVM options for the services, e.g. a flight recording while profiling
    # shellcheck disable=SC2086
    # -XX:+ExitOnOutOfMemoryError: a JVM that ran out of memory ends rather than run on without the
    # thread that died (a target's worker, a Kafka producer's sender) while it reports itself ready.
    local settings=() setting
    mapfile -t settings < <(service_env "$name")
    # Exported rather than passed as arguments: a password in a command line is readable by every
    # local user (ps).
    (
        for setting in "${settings[@]}"; do export "${setting?}"; done
        spawn "$name" env QUARKUS_PROFILE=prod,stack PROVISIONING_CLOCK_CONTROLLABLE=true \
            java -XX:+ExitOnOutOfMemoryError \
            $(service_heap "$name") ${SERVICE_JAVA_OPTS:-} \
            -jar "$(service_jar "$name")"
    ) || exit 1
}

# audit-service's checkpoint key pair (Ed25519), generated at the first start: the private key is
# handed to the service only; the public key is what an auditor verifies the trail with.
AUDIT_SIGNING_KEY="$CONF_DIR/audit/checkpoint-signing-key.pem"
AUDIT_VERIFY_KEY="$CONF_DIR/audit/checkpoint-verify-key.pem"

ensure_audit_signing_key() {
    [[ -s $AUDIT_SIGNING_KEY && -s $AUDIT_VERIFY_KEY ]] && return 0
    mkdir -p "$(dirname "$AUDIT_SIGNING_KEY")"
    chmod 700 "$(dirname "$AUDIT_SIGNING_KEY")"
    (umask 077 && openssl genpkey -algorithm ed25519 -out "$AUDIT_SIGNING_KEY") || die "cannot generate the audit signing key"
    openssl pkey -in "$AUDIT_SIGNING_KEY" -pubout -out "$AUDIT_VERIFY_KEY" || die "cannot derive the audit verify key"
}

# audit-service runs as audit_app, which may only read and append; its schema's owner (audit)
# migrates in this step, before the service starts, and the service never holds the owner's
# password. A failed step does not stop the start: the service reports not ready until its schema
# is current.
migrate_audit_schema() {
    local app="$ROOT/audit-service/target/quarkus-app"
    info "audit-service: migrating its schema as the owner (a step of its own)"
    if ! env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/audit" \
        QUARKUS_DATASOURCE_USERNAME=audit_app PROVISIONING_DATABASE_MIGRATION_USERNAME=audit \
        PROVISIONING_DATABASE_MIGRATION_PASSWORD=audit PROVISIONING_DATABASE_MIGRATION_WAIT=PT20S \
        java -Xmx128m -cp "$app/lib/main/*:$app/app/*" io.provisioning.common.health.MigrateSchema \
        >>"$(log_file audit-migration)" 2>&1; then
        warn "audit-service: the schema migration step failed (see $(log_file audit-migration)); it reports not ready until its schema is current"
    fi
}

# What the local stack sets for one service beyond its defaults, one NAME=value a line: the
# password of its Kafka principal (generated by deploy/lib/kafka.sh; the ops console has none); for
# corp-ldap, besides the groups the default policy manages, the benchmarks' own (bench-*, deploy/stack bench).
service_env() {
    [[ $1 == ops-console ]] || echo "PROVISIONING_KAFKA_PASSWORD=$(kafka_password "$1")"
    case $1 in
        audit-service)
            ensure_audit_signing_key
            echo "PROVISIONING_AUDIT_SIGNING_KEY=$(openssl pkey -in "$AUDIT_SIGNING_KEY" -outform DER | base64 -w0)"
            echo "PROVISIONING_AUDIT_VERIFY_KEY=$(openssl pkey -pubin -in "$AUDIT_VERIFY_KEY" -outform DER | base64 -w0)"
            ;;
        connector-service) echo "PROVISIONING_TARGETS_CORP_LDAP_MANAGED_GROUPS=all-staff,engineering,sales,finance,marketing,support,human-resources,legal,operations,facilities,it,external-staff,production-access,vpn-remote,bench-*" ;;
    esac
}

# Each service's heap. connector-service's young generation is fixed so that its batches of up to
# 5 000 commands, alive until settled, die young (docs/performance.md, "Settings"). The ops console
# only serves pages (its sessions live in cookies): less.
service_heap() {
    case $1 in
        connector-service) echo "-Xmx384m -Xmn160m" ;;
        ops-console) echo "-Xmx256m" ;;
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
