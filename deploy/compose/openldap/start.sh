#!/bin/sh
# Renders the slapd configuration, starts slapd in the foreground and loads the base entries on
# the first start. LDAP_ADMIN_PASSWORD sets the password of cn=admin,dc=example,dc=com.
set -eu
DIR=/var/lib/provisioning-ldap
# Large groups' members are kept beside their entries (multival in the template), except in a
# database made before that setting: slapd 2.5 loses members when it first splits a group.
KEEP_WHOLE="s/^//"
if [ -f "$DIR/data/data.mdb" ] && [ ! -f "$DIR/data/groups-split" ]; then
    KEEP_WHOLE="/^multival/d"
else
    mkdir -p "$DIR/data"
    touch "$DIR/data/groups-split"
fi
sed -e "$KEEP_WHOLE" -e "s#@DIR@#$DIR#g" -e "s#@SCHEMA@#/etc/ldap/schema#g" -e "s#@ROOTPW@#${LDAP_ADMIN_PASSWORD:-admin}#g" \
    /etc/provisioning-ldap/slapd.conf.template > "$DIR/slapd.conf"
# Two malloc arenas: one per thread kept the memory of every large group entry slapd decoded.
MALLOC_ARENA_MAX=2 /usr/sbin/slapd -d 0 -h "ldap://0.0.0.0:1389/" -f "$DIR/slapd.conf" &
pid=$!
until ldapsearch -x -H ldap://127.0.0.1:1389 -b "" -s base namingContexts > /dev/null 2>&1; do sleep 0.2; done
if ! ldapsearch -x -H ldap://127.0.0.1:1389 -D cn=admin,dc=example,dc=com -w "${LDAP_ADMIN_PASSWORD:-admin}" \
        -b dc=example,dc=com -s base dn > /dev/null 2>&1; then
    ldapadd -x -H ldap://127.0.0.1:1389 -D cn=admin,dc=example,dc=com -w "${LDAP_ADMIN_PASSWORD:-admin}" \
        -f /etc/provisioning-ldap/base.ldif
fi
wait "$pid"
