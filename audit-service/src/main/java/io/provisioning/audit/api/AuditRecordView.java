package io.provisioning.audit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.provisioning.audit.chain.CanonicalJson;
import io.provisioning.audit.store.AuditRecordEntity;
import java.time.Instant;

/** An audit record as the API shows it (docs/api.md "An audit record"). */
public record AuditRecordView(long seq, Instant recordedAt, String type, String workerId, String targetId,
                              String correlationId, Source source, JsonNode payload, String prevHash, String hash) {

    /** Where the record came from in Kafka. */
    public record Source(String topic, int partition, long offset) {
    }

    static AuditRecordView of(AuditRecordEntity e) {
        return new AuditRecordView(e.seq, e.recordedAt.toInstant(), e.type, e.workerId, e.targetId, e.correlationId,
                new Source(e.sourceTopic, e.sourcePartition, e.sourceOffset), payload(e.payload), e.prevHash, e.hash);
    }

    private static JsonNode payload(String text) {
        try {
            return CanonicalJson.parse(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
