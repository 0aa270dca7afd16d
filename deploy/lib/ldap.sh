# shellcheck shell=bash
# A private OpenLDAP slapd: the demo directory of target corp-ldap, on
# 127.0.0.1:1389 with suffix dc=example,dc=com (memberof, ppolicy).
# Its configuration is the one the connector tests use
# (test-support/src/main/resources/openldap). Sourced by deploy/stack.

LDAP_PORT=1389
LDAP_DIR="$DATA_DIR/openldap"
LDAP_CONF="$CONF_DIR/slapd.conf"
LDAP_TEMPLATE_DIR="$ROOT/test-support/src/main/resources/openldap"
LDAP_ADMIN_DN="cn=admin,dc=example,dc=com"
LDAP_ADMIN_PASSWORD=${LDAP_ADMIN_PASSWORD:-admin}
SIGNATURE["openldap"]="$LDAP_CONF"

# slapd and the ldap-utils come from the distribution; installed when missing.
ensure_slapd() {
    [[ -x /usr/sbin/slapd && -x /usr/bin/ldapadd ]] && return 0
    [[ $EUID -eq 0 ]] || die "OpenLDAP is not installed: sudo apt-get install -y slapd ldap-utils"
    info "installing OpenLDAP (apt-get install slapd ldap-utils)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q slapd ldap-utils >"$LOG_DIR/apt-openldap.log" 2>&1 \
        || { apt-get update -q >>"$LOG_DIR/apt-openldap.log" 2>&1 \
             && apt-get install -y -q slapd ldap-utils >>"$LOG_DIR/apt-openldap.log" 2>&1; } \
        || die "apt-get install slapd ldap-utils failed (see $LOG_DIR/apt-openldap.log)"
}

check_ldap_port() {
    is_running openldap && return 0
    ensure_port_free openldap "$LDAP_PORT"
}

start_ldap() {
    ensure_slapd
    if is_running openldap; then
        info "openldap: already running (pid $(read_pid openldap))"
        return 0
    fi
    # The template splits large groups' members out of their entries (multival). slapd 2.5 loses
    # every other value of a large attribute stored whole when it first splits it, so a database
    # made before that setting keeps its groups whole (deploy/stack reset starts a split one).
    local keep_whole=()
    if [[ -f $LDAP_DIR/data/data.mdb && ! -f $LDAP_DIR/data/groups-split ]]; then
        info "openldap: this database keeps large groups whole (made before they were split; reset to change)"
        keep_whole=(-e '/^multival/d')
    else
        mkdir -p "$LDAP_DIR/data"
        touch "$LDAP_DIR/data/groups-split"
    fi
    sed "${keep_whole[@]}" -e "s#@DIR@#$LDAP_DIR#g" -e "s#@SCHEMA@#/etc/ldap/schema#g" -e "s#@ROOTPW@#$LDAP_ADMIN_PASSWORD#g" \
        "$LDAP_TEMPLATE_DIR/slapd.conf.template" >"$LDAP_CONF"
    info "starting openldap on 127.0.0.1:$LDAP_PORT"
    # -d 0: stay in the foreground, so that the pid is slapd's and `down` stops it.
    # Two malloc arenas: each of slapd's threads would keep the memory of the large group entries it
    # once decoded in an arena of its own (docs/performance.md, "Settings").
    spawn openldap env MALLOC_ARENA_MAX=2 /usr/sbin/slapd -d 0 -h "ldap://127.0.0.1:$LDAP_PORT/" -f "$LDAP_CONF"
    local waited=0
    until ldap_answers; do
        is_running openldap || { show_log_tail openldap; die "openldap exited while starting"; }
        ((waited < 100)) || die "openldap not answering after 10s"
        sleep 0.1
        waited=$((waited + 1))
    done
    if ! ldapsearch -x -LLL -H "ldap://127.0.0.1:$LDAP_PORT" -D "$LDAP_ADMIN_DN" -w "$LDAP_ADMIN_PASSWORD" \
        -b dc=example,dc=com -s base dn >/dev/null 2>&1; then
        ldapadd -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "$LDAP_ADMIN_DN" -w "$LDAP_ADMIN_PASSWORD" \
            -f "$LDAP_TEMPLATE_DIR/base.ldif" >>"$(log_file openldap)" 2>&1 \
            || die "could not load the base entries into openldap"
    fi
}

ldap_answers() {
    ldapsearch -x -LLL -H "ldap://127.0.0.1:$LDAP_PORT" -b "" -s base namingContexts >/dev/null 2>&1
}

stop_ldap() {
    stop_process_group openldap 10
}

ldap_health() {
    if ldap_answers; then
        echo "answering"
    else
        echo "-"
    fi
}
