package io.provisioning.policy.reviews;

import java.time.Instant;

/** An item as deciding and closing read it. */
record ReviewItem(int itemId, String workerId, String targetId, String group, String reasons, String reviewerId,
                  String reviewerGroup, String decision, String decidedBy, Instant decidedAt, String reason) {

    static final String COLUMNS = "item_id, worker_id, target_id, group_name, reasons, reviewer_id, reviewer_group,"
            + " decision, decided_by, decided_at, reason";

    static ReviewItem read(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp decidedAt = rs.getTimestamp(10);
        return new ReviewItem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                decidedAt == null ? null : decidedAt.toInstant(), rs.getString(11));
    }

    /** Whom the item waits for, in words. */
    String reviewerText() {
        return reviewerId != null ? "worker " + reviewerId
                : reviewerGroup != null ? "a member of group " + reviewerGroup : "nobody (a policy administrator reassigns it)";
    }
}
