package io.provisioning.ingest.snapshot;

import java.time.Instant;
import java.util.UUID;

/**
 * A snapshot as the API shows it (docs/api.md "hr-snapshots").
 *
 * @param decisionComment what the operator who approved or rejected it wrote; null if nothing
 */
public record SnapshotView(UUID snapshotId, String source, SnapshotStatus status, int hired, int updated,
                           int terminated, int unchanged, int rehired, int workforce, int previousWorkforce,
                           Instant receivedAt, String receivedBy, Instant decidedAt, String decidedBy,
                           String decisionComment) {
}
