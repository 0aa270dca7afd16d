package io.provisioning.audit.chain;

/**
 * What the audit trail indexes of a record.
 *
 * <p>The indexed values are PostgreSQL text, which cannot hold NUL: a NUL in one (a worker id in a
 * hostile payload, say) is stored as U+FFFD there, or the record could never be stored and would
 * block its partition. The payload keeps the exact value, escaped as JSON does. For the same reason an
 * indexed value is kept to {@value #MAX_INDEXED} characters (a btree entry has a size limit: a 900 KB
 * worker id stopped every channel), and a longer fact key by its SHA-256, which keeps it unique.
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

    /** Characters an indexed value keeps: with 4-byte characters still far below a btree entry's limit. */
    public static final int MAX_INDEXED = 256;
    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    public ClassifiedFact {
        type = storable(type);
        workerId = storable(workerId);
        targetId = storable(targetId);
        correlationId = storable(correlationId);
        factKey = factKey == null || factKey.length() <= MAX_INDEXED ? storable(factKey)
                : "sha256:" + HashChain.sha256Hex(factKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String storable(String value) {
        if (value == null) {
            return null;
        }
        String cut = value.length() <= MAX_INDEXED ? value : value.substring(0, MAX_INDEXED);
        return cut.indexOf(NUL) < 0 ? cut : cut.replace(NUL, REPLACEMENT);
    }

}
