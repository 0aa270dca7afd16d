package io.provisioning.console.services;

import java.time.Instant;
import java.util.List;

/** What the console reads from hr-ingest-service. */
public final class IngestApi {

    private IngestApi() {
    }

    public record SnapshotPage(List<Snapshot> items, int page, int size, long total) {
    }

    public record Snapshot(String snapshotId, String source, String status, int hired, int updated, int terminated,
                           int unchanged, int rehired, int workforce, int previousWorkforce, Instant receivedAt,
                           String receivedBy, Instant decidedAt, String decidedBy, String decisionComment) {

        public boolean held() {
            return "HELD".equals(status);
        }
    }

    public record SnapshotEventPage(List<SnapshotEvent> items, int page, int size, long total) {
    }

    public record SnapshotEvent(String workerId, String type) {
    }
}
