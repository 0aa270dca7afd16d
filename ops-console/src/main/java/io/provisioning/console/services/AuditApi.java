package io.provisioning.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** What the console reads from audit-service. */
public final class AuditApi {

    private AuditApi() {
    }

    public record RecordPage(List<AuditRecord> records, String nextCursor) {
    }

    public record AuditRecord(long seq, Instant recordedAt, String type, String workerId, String targetId,
                              String correlationId, JsonNode payload, String prevHash, String hash) {

        /** The payload as one line, cut short: the page links to the whole record's trace. */
        public String payloadText() {
            String text = payload == null ? "" : payload.toString();
            return text.length() > 400 ? text.substring(0, 400) + "…" : text;
        }
    }

    public record Trace(String correlationId, AuditRecord cause, List<AuditRecord> commands,
                        List<AuditRecord> outcomes, List<AuditRecord> other) {
    }

    public record Access(String workerId, Instant at, List<HeldAccount> accounts) {
    }

    public record HeldAccount(String targetId, String accountId, String state, List<String> groups, Instant since,
                              String commandId, long auditSeq) {
    }

    public record Verification(boolean valid, long records, String head, Long firstBrokenSeq, long verifiedFrom,
                               Long signedCheckpointSeq, String reason) {
    }
}
