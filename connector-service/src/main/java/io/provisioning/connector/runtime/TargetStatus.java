package io.provisioning.connector.runtime;

import java.util.List;

/**
 * A snapshot of one target's worker for the operator API.
 *
 * @param managedGroups the groups the target's configuration hands over (names and prefixes ending in *)
 */
public record TargetStatus(String targetId, String type, String health, String circuit, long backlog,
                           String lastError, int concurrency, List<String> managedGroups) {
}
