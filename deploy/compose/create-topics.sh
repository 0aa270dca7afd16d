#!/bin/sh
# Creates the contract's topics (deploy/kafka/topics.txt) on the compose broker; desired-state
# topics are compacted. Runs once, in the Kafka image, before the services start.
set -eu
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
PARTITIONS=${PARTITIONS:-3}
while read -r topic; do
    [ -z "$topic" ] && continue
    case "$topic" in
        provisioning.desired.*) config="--config cleanup.policy=compact" ;;
        *) config="" ;;
    esac
    # shellcheck disable=SC2086 # config is one option or none
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
        --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 $config
done < /topics.txt
