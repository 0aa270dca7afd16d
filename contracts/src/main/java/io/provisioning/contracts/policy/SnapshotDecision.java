package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.Map;

/**
 * A workforce snapshot was held by the mass-termination guard, approved or rejected.
 *
 * @param decision {@code HELD}, {@code APPROVED} or {@code REJECTED}
 * @param counts   hired / updated / terminated / unchanged
 * @param comment  the operator's comment on an approval or rejection; null if none (and when held)
 */
public record SnapshotDecision(String id, Instant time, String actor, String snapshotId, String source,
                               String decision, Map<String, Integer> counts, String comment)
        implements PolicyChange {

    @Override
    public String key() {
        return source;
    }
}
