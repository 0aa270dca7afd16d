package io.provisioning.audit.store;

import java.time.Instant;

/** Filters of a records query; null means "any". {@code afterSeq} is the cursor position. */
public record RecordFilter(String workerId, String targetId, String type, String correlationId, Instant from,
                           Instant to, long afterSeq) {
}
