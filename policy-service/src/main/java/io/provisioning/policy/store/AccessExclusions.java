package io.provisioning.policy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Birthright groups an access review revoked: each is left out of one worker's desired state until
 * HR moves the worker or they leave. Read here for a batch of workers and for a whole preview.
 */
public final class AccessExclusions {

    /**
     * @param rules     the policy rules that granted the group (JSON array)
     * @param decidedBy who revoked it (a worker id, or system when the review revoked what nobody answered)
     */
    public record Exclusion(String targetId, String group, String rules, UUID reviewId, int itemId, String decidedBy,
                            String reason) {
    }

    private AccessExclusions() {
    }

    /** Worker id to target id to excluded groups, for these workers. */
    static Map<String, Map<String, Set<String>>> of(Connection c, String[] workers) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT worker_id, target_id, group_name FROM access_exclusion WHERE worker_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", workers));
            return read(select);
        }
    }

    /** Worker id to target id to excluded groups, for every worker. */
    public static Map<String, Map<String, Set<String>>> all(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT worker_id, target_id, group_name FROM access_exclusion")) {
            return read(select);
        }
    }

    private static Map<String, Map<String, Set<String>>> read(PreparedStatement select) throws SQLException {
        Map<String, Map<String, Set<String>>> exclusions = new HashMap<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                exclusions.computeIfAbsent(rs.getString(1), w -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), t -> new TreeSet<>()).add(rs.getString(3));
            }
        }
        return exclusions;
    }
}
