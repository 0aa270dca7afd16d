# shellcheck shell=bash
# Keycloak 26.7.3 in dev mode as the local OIDC provider, realm `provisioning`.
# Sourced by deploy/stack.

KC_VERSION=26.7.3
KC_PORT=8180
KC_ZIP_URL="https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
KC_CACHED="$CACHE_DIR/keycloak-$KC_VERSION"
# Per checkout copy: its build state (lib/quarkus) is made on the first start.
KC_HOME="$STACK_DIR/keycloak"
# Its data/ (H2 database, realm import) links here, so that `reset` clears it.
KC_DATA="$DATA_DIR/keycloak" # = $KC_HOME/../data/keycloak
KC_REALM_FILE="$DEPLOY_DIR/keycloak/provisioning-realm.json"
KC_REALM_URL="http://127.0.0.1:$KC_PORT/realms/provisioning"
SIGNATURE["keycloak"]="$KC_HOME"

# Build options: any difference from the last start makes Keycloak rebuild
# itself (~110 s), so they are spelt out once, here, and never vary.
KC_START_ARGS=(start-dev --http-host=127.0.0.1 "--http-port=$KC_PORT" --import-realm --features=scim-api)

fetch_keycloak() {
    [[ -x $KC_CACHED/bin/kc.sh ]] && return 0
    local zip="$CACHE_DIR/keycloak-$KC_VERSION.zip"
    if [[ ! -f $zip ]]; then
        info "downloading Keycloak $KC_VERSION (~177 MB, once)"
        curl -fsSL --retry 3 -o "$zip.part" "$KC_ZIP_URL" || die "download failed: $KC_ZIP_URL"
        local want have
        want=$(curl -fsSL --retry 3 "$KC_ZIP_URL.sha1" | cut -c1-40) || die "no checksum for $KC_ZIP_URL"
        have=$(sha1sum "$zip.part" | cut -c1-40)
        [[ $want == "$have" ]] || { rm -f "$zip.part"; die "checksum mismatch for the Keycloak zip"; }
        mv "$zip.part" "$zip"
    fi
    info "unpacking Keycloak into $KC_CACHED"
    local tmp="$CACHE_DIR/.unzip.$$"
    rm -rf "$tmp"
    unzip -q "$zip" -d "$tmp" || die "could not unzip $zip"
    rm -rf "$KC_CACHED"
    mv "$tmp/keycloak-$KC_VERSION" "$KC_CACHED"
    rm -rf "$tmp" "$zip" # the unpacked copy is all that is needed from now on
}

prepare_keycloak_home() {
    if [[ ! -x $KC_HOME/bin/kc.sh ]]; then
        info "copying Keycloak into $KC_HOME"
        rm -rf "$KC_HOME"
        cp -a "$KC_CACHED" "$KC_HOME.tmp"
        mv "$KC_HOME.tmp" "$KC_HOME"
    fi
    mkdir -p "$KC_DATA/import"
    # Relative, so that the checkout can move.
    if [[ $(readlink "$KC_HOME/data" || true) != ../data/keycloak ]]; then
        rm -rf "$KC_HOME/data"
        ln -s ../data/keycloak "$KC_HOME/data"
    fi
}

# Keycloak skips a realm that already exists, so a changed realm file only
# takes effect on a fresh database: drop it when the file differs from the
# one imported last time.
prepare_realm_import() {
    local imported="$KC_DATA/import/provisioning-realm.json"
    cmp -s "$KC_REALM_FILE" "$imported" && return 0
    if [[ -d $KC_DATA/h2 ]]; then
        info "realm file changed: resetting Keycloak's database to import it again"
        rm -rf "$KC_DATA/h2"
    fi
    cp "$KC_REALM_FILE" "$imported"
}

check_keycloak_port() {
    is_running keycloak && return 0
    ensure_port_free keycloak "$KC_PORT"
}

# Starts the process only; wait_keycloak waits for it, so that Kafka and
# PostgreSQL can start meanwhile.
start_keycloak() {
    if is_running keycloak; then
        info "keycloak: already running (pid $(read_pid keycloak))"
        cmp -s "$KC_REALM_FILE" "$KC_DATA/import/provisioning-realm.json" \
            || warn "realm file changed since Keycloak started: run 'down' then 'up' to import it"
        return 0
    fi
    prepare_keycloak_home
    prepare_realm_import
    local first=""
    # Until its first start, the copy still has the distribution's build state.
    if cmp -s "$KC_HOME/lib/quarkus/quarkus-application.dat" "$KC_CACHED/lib/quarkus/quarkus-application.dat"; then
        first=" (the first start builds Keycloak: 1-3 minutes)"
    fi
    info "starting keycloak on 127.0.0.1:$KC_PORT$first"
    spawn keycloak env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
        JAVA_OPTS_KC_HEAP="-Xms64m -Xmx768m" \
        "$KC_HOME/bin/kc.sh" "${KC_START_ARGS[@]}"
}

wait_keycloak() {
    wait_http keycloak "$KC_REALM_URL/.well-known/openid-configuration" 420
}

stop_keycloak() {
    stop_process_group keycloak 30
}

keycloak_health() {
    local code
    code=$(http_code "$KC_REALM_URL/.well-known/openid-configuration")
    [[ $code == 200 ]] && echo "realm ready" || echo "realm ${code:-no answer}"
}
