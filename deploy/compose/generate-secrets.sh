#!/bin/sh
# Writes .env beside docker-compose.yml with a random password for each Kafka principal, the audit
# service's checkpoint signing key and the ops console's session secret, once:
# the compose broker authenticates every client (SASL/SCRAM-SHA-512) and docker compose reads the
# passwords from there. Existing passwords are kept. .env is never committed (.gitignore).
set -eu
cd "$(dirname "$0")/../.."
umask 077
touch .env
for name in KAFKA_ADMIN_PASSWORD KAFKA_HR_INGEST_SERVICE_PASSWORD KAFKA_POLICY_SERVICE_PASSWORD \
        KAFKA_CONNECTOR_SERVICE_PASSWORD KAFKA_AUDIT_SERVICE_PASSWORD KAFKA_HRIS_PUBLISHER_PASSWORD \
        OPS_CONSOLE_SESSION_SECRET; do
    if ! grep -q "^$name=" .env; then
        printf '%s=%s\n' "$name" "$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)" >>.env
    fi
done
# audit-service's checkpoint key pair (Ed25519, base64 DER); the public key also as PEM for auditors
if ! grep -q "^AUDIT_SIGNING_KEY=" .env; then
    openssl genpkey -algorithm ed25519 -out audit-checkpoint-signing-key.pem
    printf 'AUDIT_SIGNING_KEY=%s\n' "$(openssl pkey -in audit-checkpoint-signing-key.pem -outform DER | base64 | tr -d '\n')" >>.env
    printf 'AUDIT_VERIFY_KEY=%s\n' "$(openssl pkey -in audit-checkpoint-signing-key.pem -pubout -outform DER | base64 | tr -d '\n')" >>.env
    openssl pkey -in audit-checkpoint-signing-key.pem -pubout -out audit-checkpoint-verify-key.pem
    rm -f audit-checkpoint-signing-key.pem
fi
echo "Kafka passwords, the console's session secret and the audit checkpoint key in $(pwd)/.env; public key: audit-checkpoint-verify-key.pem"
