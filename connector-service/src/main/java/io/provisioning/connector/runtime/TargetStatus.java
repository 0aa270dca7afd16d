package io.provisioning.connector.runtime;

/** A snapshot of one target's worker for the operator API. */
public record TargetStatus(String targetId, String type, String health, String circuit, long backlog,
                           String lastError, int concurrency) {
}
