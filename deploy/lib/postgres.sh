# shellcheck shell=bash
# A private PostgreSQL 15 cluster for the services, on its own port so that
# a system PostgreSQL on 5432 is never touched. Sourced by deploy/stack.

PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=15432
PG_DATA="$DATA_DIR/postgres"
SIGNATURE["postgres"]="$PG_DATA"

# Settings for the services' steady writes, given on the command line so that a cluster created
# before takes them too: fewer checkpoints (and so fewer full-page images in the WAL), and the hot
# tables and indexes of policy and audit in memory. Measured in docs/performance.md ("Settings").
PG_SETTINGS="-c max_wal_size=8GB -c wal_compression=lz4 -c shared_buffers=512MB"

# One database and one owner role per service (name = password = service).
PG_SERVICE_DBS="ingest policy connector audit"

# initdb and postgres refuse to run as root: then run them as `postgres`.
as_pg_user() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

give_to_pg_user() {
    if [[ $EUID -eq 0 ]]; then
        chown postgres:postgres "$1"
    fi
}

pg_psql() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

# The pid file mirrors postmaster.pid, which the server keeps itself.
sync_pg_pid() {
    local pidf
    pidf=$(pid_file postgres)
    if [[ -s $PG_DATA/postmaster.pid ]]; then
        mkdir -p "$PID_DIR"
        head -n 1 "$PG_DATA/postmaster.pid" >"$pidf"
    else
        rm -f "$pidf"
    fi
}

init_pg_cluster() {
    [[ -f $PG_DATA/PG_VERSION ]] && return 0
    [[ -x $PG_BIN/initdb ]] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql-15)"
    info "creating the PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    chmod 700 "$PG_DATA"
    give_to_pg_user "$PG_DATA"
    as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale >>"$(log_file postgres)" 2>&1 \
        || die "initdb failed (see $(log_file postgres))"
    # Local development only: no Unix socket, TCP on loopback, trust there only.
    as_pg_user tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# Added by deploy/stack
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
EOF
    as_pg_user tee "$PG_DATA/pg_hba.conf" >/dev/null <<'EOF'
# Written by deploy/stack: local development cluster, loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
host    all       all   127.0.0.1/32   trust
EOF
}

check_pg_port() {
    sync_pg_pid
    is_running postgres && return 0
    ensure_port_free postgres "$PG_PORT"
}

start_postgres() {
    sync_pg_pid
    if is_running postgres; then
        info "postgres: already running (pid $(read_pid postgres))"
    else
        init_pg_cluster
        local log
        log=$(log_file postgres)
        touch "$log"
        give_to_pg_user "$log"
        info "starting postgres on 127.0.0.1:$PG_PORT"
        as_pg_user "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$log" -w -t 60 -o "$PG_SETTINGS" >/dev/null \
            || { show_log_tail postgres; die "postgres did not start"; }
        sync_pg_pid
    fi
    bootstrap_pg_roles
}

# Idempotent: roles and databases are created only when missing.
bootstrap_pg_roles() {
    local sql="" s
    for s in $PG_SERVICE_DBS; do
        sql+="
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$s') THEN
    CREATE ROLE $s LOGIN PASSWORD '$s';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $s OWNER $s' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$s')
\\gexec
"
    done
    # audit-service runs as audit_app, later limited to INSERT/SELECT by its migrations.
    sql+="
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_app') THEN
    CREATE ROLE audit_app LOGIN PASSWORD 'audit_app';
  END IF;
END \$\$;
GRANT CONNECT ON DATABASE audit TO audit_app;
"
    printf '%s\n' "$sql" | pg_psql -d postgres >/dev/null \
        || die "could not create the service roles and databases"
    bootstrap_legacy_db
}

# The legacy application that target legacy-db provisions: its own database, role and tables.
bootstrap_legacy_db() {
    pg_psql -d postgres >/dev/null <<'SQL' || die "could not create the legacy application's database"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'legacy_app') THEN
    CREATE ROLE legacy_app LOGIN PASSWORD 'legacy_app';
  END IF;
END $$;
SELECT 'CREATE DATABASE legacy OWNER legacy_app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'legacy')
\gexec
SQL
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U legacy_app -d legacy \
        -f "$DEPLOY_DIR/sql/legacy-app-tables.sql" >/dev/null \
        || die "could not create the legacy application's tables"
}

stop_postgres() {
    sync_pg_pid
    if ! is_running postgres; then
        rm -f "$(pid_file postgres)"
        return 0
    fi
    info "stopping postgres (pid $(read_pid postgres))"
    if ! as_pg_user "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 >/dev/null; then
        warn "pg_ctl stop failed: killing postgres"
        stop_process_group postgres 5
    fi
    rm -f "$(pid_file postgres)"
}

pg_health() {
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
        echo "accepting connections"
    else
        echo "-"
    fi
}
