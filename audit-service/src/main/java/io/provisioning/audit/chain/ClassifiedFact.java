package io.provisioning.audit.chain;

/**
 * What the audit trail indexes of a record.
 *
 * <p>The indexed values are PostgreSQL text, which cannot hold NUL: a NUL in one (a worker id in a
 * hostile payload, say) is stored as U+FFFD there, or the record could never be stored and would
 * block its partition. The payload keeps the exact value, escaped as JSON does.
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

    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    public ClassifiedFact {
        type = storable(type);
        workerId = storable(workerId);
        targetId = storable(targetId);
        correlationId = storable(correlationId);
        factKey = storable(factKey);
    }

    private static String storable(String value) {
        return value == null || value.indexOf(NUL) < 0 ? value : value.replace(NUL, REPLACEMENT);
    }
}
