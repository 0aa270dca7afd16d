#!/bin/sh
# Prepares the compose broker, once, before the services start: the contract's topics
# (deploy/kafka/topics.txt; desired-state topics and audit.checkpoints compacted), each principal's SCRAM-SHA-512
# credential (passwords from .env, deploy/compose/generate-secrets.sh) and the ACLs of
# deploy/kafka/acls.txt. Runs in the Kafka image as the super user.
set -eu
BOOTSTRAP=${BOOTSTRAP:-kafka:29092}
PARTITIONS=${PARTITIONS:-3}
BIN=/opt/kafka/bin
ADMIN=/tmp/admin.properties
umask 077
cat >"$ADMIN" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD:?run deploy/compose/generate-secrets.sh first}";
PROPERTIES

while read -r topic; do
    [ -z "$topic" ] && continue
    case "$topic" in
        provisioning.desired.* | audit.checkpoints) config="--config cleanup.policy=compact" ;;
        *) config="" ;;
    esac
    # shellcheck disable=SC2086 # config is one option or none
    $BIN/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --create --if-not-exists \
        --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 $config
done < /topics.txt

# KAFKA_<PRINCIPAL>_PASSWORD, the principal's name upper-cased with - as _
for principal in hr-ingest-service policy-service connector-service audit-service hris-publisher; do
    variable="KAFKA_$(echo "$principal" | tr 'a-z-' 'A-Z_')_PASSWORD"
    password=$(printenv "$variable") || { echo "$variable is not set: run deploy/compose/generate-secrets.sh" >&2; exit 1; }
    $BIN/kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --alter \
        --entity-type users --entity-name "$principal" --add-config "SCRAM-SHA-512=[password=$password]"
done

targets=$(sed -n 's/^provisioning\.commands\.\([a-z0-9-]*\)$/\1/p' /topics.txt)
grep -v '^[[:space:]]*#' /acls.txt | while read -r principal operation resource pattern name; do
    [ -z "$principal" ] && continue
    case "$name" in
        *"{target}"*) names=$(for target in $targets; do echo "$name" | sed "s/{target}/$target/"; done) ;;
        *) names=$name ;;
    esac
    for each in $names; do
        $BIN/kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN" --add \
            --allow-principal "User:$principal" --operation "$operation" \
            "--$(echo "$resource" | tr 'A-Z' 'a-z')" "$each" \
            --resource-pattern-type "$(echo "$pattern" | tr 'A-Z' 'a-z')" >/dev/null
    done
done
echo "topics, users and ACLs in place"
