package io.provisioning.audit.chain;

import java.time.Instant;

/**
 * The fields of one audit record that the hash covers.
 *
 * @param payload canonical JSON text of the recorded message, secrets removed
 */
public record ChainedRecord(long seq, Instant recordedAt, String type, String workerId, String targetId,
                            String correlationId, String sourceTopic, int sourcePartition, long sourceOffset,
                            String payload) {
}
