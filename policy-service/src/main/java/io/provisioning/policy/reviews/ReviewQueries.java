package io.provisioning.policy.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import io.provisioning.contracts.Json;
import io.provisioning.policy.requests.Caller;
import io.provisioning.policy.store.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What the review API reads. A worker who is no reader (auditor, operator, policy administrator)
 * sees only the reviews and items waiting for them.
 */
@ApplicationScoped
public class ReviewQueries {

    /**
     * How an item's revocation fared, from its account's last report: the account records the sequence
     * of the last command its connector reported on, applied or failed, and whether it failed.
     */
    private static final String DELIVERY = """
            CASE WHEN i.command_sequence IS NULL THEN NULL
                 WHEN a.applied_sequence >= i.command_sequence AND a.status = 'FAILED' THEN 'failed'
                 WHEN a.applied_sequence >= i.command_sequence THEN 'applied'
                 ELSE 'pending' END""";
    private static final String ITEM_COLUMNS = "i.item_id, i.worker_id, i.worker_name, i.department, i.target_id,"
            + " i.account_id, i.group_name, i.reasons, i.reviewer_id, i.reviewer_group, i.reviewer_via, i.decision,"
            + " i.decided_by, i.decided_at, i.reason, i.outcome, i.outcome_detail, i.closed_at, i.command_id, "
            + DELIVERY + ", CASE WHEN a.status = 'FAILED' AND a.applied_sequence >= i.command_sequence THEN a.last_error END";

    @Inject
    DataSource dataSource;

    /** Filters of an item list; null: any. */
    public record ItemFilter(String reviewerId, String decision, String outcome, String workerId, String delivery) {
    }

    @Transactional
    public ReviewView review(Caller caller, UUID reviewId) {
        return jdbc(c -> {
            if (!caller.reader() && !reviews(c, caller, reviewId)) {
                throw ProblemException.notFound(ReviewProblems.NO_REVIEW);
            }
            List<ReviewView> found = views(c, "WHERE r.review_id = ?", s -> set(s, 1, reviewId));
            if (found.isEmpty()) {
                throw ProblemException.notFound(ReviewProblems.NO_REVIEW);
            }
            return found.get(0);
        });
    }

    /** Reviews, newest first: every one for a reader, those with items for the caller otherwise. */
    @Transactional
    public List<ReviewView> reviews(Caller caller, String state, QueryParameters.Page page) {
        return jdbc(c -> {
            StringBuilder where = new StringBuilder("WHERE TRUE");
            List<Object> values = new ArrayList<>();
            if (state != null) {
                where.append(" AND r.state = ?");
                values.add(state);
            }
            if (!caller.reader()) {
                where.append(" AND EXISTS (SELECT 1 FROM access_review_item x WHERE x.review_id = r.review_id"
                        + " AND (x.reviewer_id = ? OR x.reviewer_group = ANY (?)))");
                values.add(caller.workerId());
                values.add(caller.groups().toArray(String[]::new));
            }
            where.append(" ORDER BY r.created_at DESC LIMIT ").append(page.size()).append(" OFFSET ")
                    .append((long) page.number() * page.size());
            return views(c, where.toString(), s -> {
                for (int i = 0; i < values.size(); i++) {
                    set(s, i + 1, values.get(i));
                }
            });
        });
    }

    @Transactional
    public List<ReviewItemView> items(Caller caller, UUID reviewId, ItemFilter filter, QueryParameters.Page page) {
        return jdbc(c -> {
            if (!exists(c, reviewId) || !caller.reader() && !reviews(c, caller, reviewId)) {
                throw ProblemException.notFound(ReviewProblems.NO_REVIEW);
            }
            StringBuilder where = new StringBuilder(" WHERE i.review_id = ?");
            List<Object> values = new ArrayList<>(List.of(reviewId));
            if (filter.reviewerId() != null) {
                // a group's items are the caller's too when they are a member
                where.append(" AND (i.reviewer_id = ? OR i.reviewer_group = ANY (?))");
                values.add(filter.reviewerId());
                values.add(caller.groups().toArray(String[]::new));
            }
            if (filter.decision() != null) {
                where.append(filter.decision().equals("undecided") ? " AND i.decision IS NULL" : " AND i.decision = ?");
                if (!filter.decision().equals("undecided")) {
                    values.add(filter.decision());
                }
            }
            if (filter.outcome() != null) {
                where.append(" AND i.outcome = ?");
                values.add(filter.outcome());
            }
            if (filter.workerId() != null) {
                where.append(" AND i.worker_id = ?");
                values.add(filter.workerId());
            }
            if (filter.delivery() != null) {
                where.append(" AND ").append(DELIVERY.replace("\n", " ")).append(" = ?");
                values.add(filter.delivery());
            }
            where.append(" ORDER BY i.item_id LIMIT ").append(page.size()).append(" OFFSET ")
                    .append((long) page.number() * page.size());
            List<ReviewItemView> items = new ArrayList<>();
            each(c, where.toString(), values, items::add);
            return withRequests(c, items);
        });
    }

    /**
     * A birthright group a review revoked for a worker, which their desired state leaves out until HR
     * moves them: the rules that granted it are the policy's to fix.
     */
    public record ExclusionView(String workerId, String targetId, String group, List<String> rules, String reviewId,
                                int itemId, String decidedBy, String reason, Instant since) {
    }

    @Transactional
    public List<ExclusionView> exclusions(String workerId, String reviewId, QueryParameters.Page page) {
        return jdbc(c -> {
            List<ExclusionView> found = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT worker_id, target_id, group_name, rules, review_id, item_id, decided_by, reason, since
                    FROM access_exclusion WHERE (?::text IS NULL OR worker_id = ?) AND (?::uuid IS NULL OR review_id = ?)
                    ORDER BY since DESC, worker_id, target_id, group_name LIMIT ? OFFSET ?""")) {
                select.setString(1, workerId);
                select.setString(2, workerId);
                UUID review = reviewId == null ? null : UUID.fromString(reviewId);
                select.setObject(3, review);
                select.setObject(4, review);
                select.setInt(5, page.size());
                select.setLong(6, (long) page.number() * page.size());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(new ExclusionView(rs.getString(1), rs.getString(2), rs.getString(3),
                                JsonColumns.strings(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getString(7),
                                rs.getString(8), instant(rs, 9)));
                    }
                }
            }
            return found;
        });
    }

    /** What takes the items of a review, a thousand at a time. */
    public interface ItemSink {
        void accept(List<ReviewItemView> items) throws java.io.IOException;
    }

    /**
     * Every item of the review in order, for the evidence: streamed from one snapshot with a cursor,
     * a thousand at a time, so that a review of any size is exported in the same memory.
     */
    public void streamItems(UUID reviewId, ItemSink sink) {
        io.provisioning.policy.store.SnapshotReads.read(dataSource, "the items of a review", c -> {
            List<ReviewItemView> chunk = new ArrayList<>();
            List<java.io.IOException> failed = new ArrayList<>();
            each(c, " WHERE i.review_id = ? ORDER BY i.item_id", List.of(reviewId), item -> {
                chunk.add(item);
                if (chunk.size() == 1000 && failed.isEmpty()) {
                    flush(c, chunk, sink, failed);
                }
            });
            if (failed.isEmpty() && !chunk.isEmpty()) {
                flush(c, chunk, sink, failed);
            }
            if (!failed.isEmpty()) {
                throw new java.io.UncheckedIOException(failed.get(0));
            }
        });
    }

    private static void flush(Connection c, List<ReviewItemView> chunk, ItemSink sink, List<java.io.IOException> failed) {
        try {
            sink.accept(withRequests(c, chunk));
        } catch (java.io.IOException e) {
            failed.add(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the requests behind a review's items: " + e.getSQLState(), e);
        }
        chunk.clear();
    }

    private static void each(Connection c, String where, List<Object> values, Consumer<ReviewItemView> each)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM access_review_item i"
                + " LEFT JOIN account a ON a.worker_id = i.worker_id AND a.target_id = i.target_id" + where)) {
            for (int i = 0; i < values.size(); i++) {
                set(select, i + 1, values.get(i));
            }
            select.setFetchSize(5000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    List<String> reasons = JsonColumns.strings(rs.getString(8));
                    List<String> rules = reasons.stream().filter(r -> !r.startsWith("request:")).toList();
                    List<ReviewItemView.GrantingRequest> requests = reasons.stream().filter(r -> r.startsWith("request:"))
                            .map(r -> new ReviewItemView.GrantingRequest(r.substring("request:".length()), null, List.of()))
                            .toList();
                    each.accept(new ReviewItemView(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rules, requests, rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), instant(rs, 14),
                            rs.getString(15), rs.getString(16), rs.getString(17), instant(rs, 18), rs.getString(19),
                            rs.getString(20), rs.getString(21)));
                }
            }
        }
    }

    /** Fills in who asked for and who approved the requests behind the items' access. */
    private static List<ReviewItemView> withRequests(Connection c, List<ReviewItemView> items) throws SQLException {
        List<UUID> ids = items.stream().flatMap(i -> i.requests().stream()).map(r -> UUID.fromString(r.requestId()))
                .distinct().toList();
        if (ids.isEmpty()) {
            return items;
        }
        Map<String, ReviewItemView.GrantingRequest> known = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT r.request_id, r.requested_by,
                       ARRAY(SELECT s.actor FROM access_request_step s WHERE s.request_id = r.request_id
                             AND s.action = 'approved' ORDER BY s.seq)
                FROM access_request r WHERE r.request_id = ANY (?)""")) {
            select.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    known.put(id, new ReviewItemView.GrantingRequest(id, rs.getString(2),
                            List.of((String[]) rs.getArray(3).getArray())));
                }
            }
        }
        return items.stream().map(i -> new ReviewItemView(i.itemId(), i.workerId(), i.workerName(), i.department(),
                i.targetId(), i.accountId(), i.group(), i.rules(),
                i.requests().stream().map(r -> known.getOrDefault(r.requestId(), r)).toList(), i.reviewerId(),
                i.reviewerGroup(), i.reviewerVia(), i.decision(), i.decidedBy(), i.decidedAt(), i.reason(), i.outcome(),
                i.outcomeDetail(), i.closedAt(), i.commandId(), i.delivery(), i.deliveryError())).toList();
    }

    private static List<ReviewView> views(Connection c, String where, SqlSetter setter) throws SQLException {
        List<ReviewView> views = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT r.review_id, r.name, r.state, r.scope, r.reviewer, r.fallback_reviewer, r.deadline, r.no_answer,
                       r.items, r.policy_version, r.created_by, r.created_at, r.closing_at, r.closed_by, r.closed_at
                FROM access_review r""" + " " + where)) {
            setter.set(select);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    views.add(new ReviewView(id.toString(), rs.getString(2), rs.getString(3), json(rs.getString(4)),
                            rs.getString(5), rs.getString(6), instant(rs, 7), rs.getString(8), rs.getInt(9), rs.getLong(10),
                            rs.getString(11), instant(rs, 12), instant(rs, 13), rs.getString(14), instant(rs, 15),
                            null, null, null));
                }
            }
        }
        Map<String, int[]> counts = counts(c, views.stream().map(v -> UUID.fromString(v.reviewId())).toArray());
        return views.stream().map(v -> withCounts(v, counts.getOrDefault(v.reviewId(), new int[13]))).toList();
    }

    /** The item counts of the reviews, in one statement: review id to the thirteen counts below. */
    private static Map<String, int[]> counts(Connection c, Object[] reviewIds) throws SQLException {
        Map<String, int[]> counts = new HashMap<>();
        if (reviewIds.length == 0) {
            return counts;
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT i.review_id,
                       count(*) FILTER (WHERE i.decision = 'keep'), count(*) FILTER (WHERE i.decision = 'revoke'),
                       count(*) FILTER (WHERE i.decision IS NULL),
                       count(*) FILTER (WHERE i.reviewer_id IS NULL AND i.reviewer_group IS NULL),
                       count(*) FILTER (WHERE i.outcome = 'kept'), count(*) FILTER (WHERE i.outcome = 'unanswered'),
                       count(*) FILTER (WHERE i.outcome = 'revoked'), count(*) FILTER (WHERE i.outcome = 'no-longer-held'),
                       count(*) FILTER (WHERE i.outcome = 'not-revoked'), count(*) FILTER (WHERE i.closed_at IS NULL),
                       count(*) FILTER (WHERE i.command_sequence IS NOT NULL),
                       count(*) FILTER (WHERE i.command_sequence IS NOT NULL AND a.applied_sequence >= i.command_sequence
                                        AND a.status <> 'FAILED'),
                       count(*) FILTER (WHERE i.command_sequence IS NOT NULL AND a.applied_sequence >= i.command_sequence
                                        AND a.status = 'FAILED')
                FROM access_review_item i
                LEFT JOIN account a ON a.worker_id = i.worker_id AND a.target_id = i.target_id AND i.command_sequence IS NOT NULL
                WHERE i.review_id = ANY (?) GROUP BY i.review_id""")) {
            select.setArray(1, c.createArrayOf("uuid", reviewIds));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int[] row = new int[13];
                    for (int k = 0; k < row.length; k++) {
                        row[k] = rs.getInt(k + 2);
                    }
                    counts.put(rs.getString(1), row);
                }
            }
        }
        return counts;
    }

    private static ReviewView withCounts(ReviewView v, int[] n) {
        Map<String, Integer> decisions = new LinkedHashMap<>();
        decisions.put("keep", n[0]);
        decisions.put("revoke", n[1]);
        decisions.put("undecided", n[2]);
        decisions.put("unassigned", n[3]);
        Map<String, Integer> outcomes = null;
        Map<String, Integer> revocations = null;
        if (!v.state().equals("OPEN")) {
            outcomes = new LinkedHashMap<>();
            outcomes.put("kept", n[4]);
            outcomes.put("unanswered", n[5]);
            outcomes.put("revoked", n[6]);
            outcomes.put("no-longer-held", n[7]);
            outcomes.put("not-revoked", n[8]);
            outcomes.put("open", n[9]);
            revocations = new LinkedHashMap<>();
            revocations.put("issued", n[10]);
            revocations.put("applied", n[11]);
            revocations.put("failed", n[12]);
            revocations.put("pending", n[10] - n[11] - n[12]);
        }
        return new ReviewView(v.reviewId(), v.name(), v.state(), v.scope(), v.reviewer(), v.fallbackReviewer(),
                v.deadline(), v.noAnswer(), v.items(), v.policyVersion(), v.createdBy(), v.createdAt(), v.closingAt(),
                v.closedBy(), v.closedAt(), decisions, outcomes, revocations);
    }

    private static boolean exists(Connection c, UUID reviewId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM access_review WHERE review_id = ?")) {
            select.setObject(1, reviewId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the caller reviews an item of the review (as its worker, or a member of its group). */
    private static boolean reviews(Connection c, Caller caller, UUID reviewId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM access_review_item WHERE review_id = ?"
                + " AND (reviewer_id = ? OR reviewer_group = ANY (?)) LIMIT 1")) {
            select.setObject(1, reviewId);
            select.setString(2, caller.workerId());
            select.setArray(3, c.createArrayOf("text", caller.groups().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private interface SqlSetter {
        void set(PreparedStatement statement) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read access reviews: " + e.getSQLState(), e);
        }
    }

    private static void set(PreparedStatement s, int index, Object value) throws SQLException {
        if (value instanceof String[] array) {
            s.setArray(index, s.getConnection().createArrayOf("text", array));
        } else {
            s.setObject(index, value);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
