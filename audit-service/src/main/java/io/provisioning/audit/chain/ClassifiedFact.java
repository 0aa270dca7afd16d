package io.provisioning.audit.chain;

/**
 * What the audit trail indexes of a record.
 *
 * @param type          e.g. {@code hr.worker.hired}, {@code provisioning.command}, {@code policy.activated}
 * @param correlationId the HR event id (or policy change / run id) that the record traces back to
 * @param payload       canonical JSON, secrets removed
 * @param factKey       the fact's identity on its topic (event id, command id, outcome id), so that a fact
 *                      published twice is stored once; null when the record has none (dead letters,
 *                      unparseable records), which are then stored once per Kafka record
 */
public record ClassifiedFact(String type, String workerId, String targetId, String correlationId, String payload,
        String factKey) {
}
