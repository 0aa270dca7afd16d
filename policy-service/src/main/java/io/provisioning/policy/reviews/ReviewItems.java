package io.provisioning.policy.reviews;

import io.provisioning.policy.lifecycle.DesiredStates;
import io.provisioning.policy.store.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Makes a review's items: one per (worker, target, group) the scope covers, from the groups each
 * active (or on-leave) worker's accounts hold in their desired state, with the reasons it holds
 * them (rule ids, request:&lt;id&gt;) and the reviewer found for it. Set-based: one query reads the
 * access, two read the people routing needs, and the items are inserted by arrays of thousands.
 */
@ApplicationScoped
class ReviewItems {

    private static final int INSERT_CHUNK = 10_000;

    @Inject
    EntityManager em;

    /** What was created: items, workers, and items nobody can review. */
    record Created(int items, int workers, int unassigned) {

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("items", items);
            counts.put("workers", workers);
            counts.put("unassigned", unassigned);
            return counts;
        }
    }

    private record Held(String workerId, String managerId, String name, String department, String targetId,
                        String accountId, String group, List<String> reasons) {
    }

    Created create(UUID reviewId, ReviewTerms terms) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<Held> held = held(c, terms);
            Set<String> workers = new HashSet<>();
            Set<String> named = new HashSet<>();
            held.forEach(h -> {
                workers.add(h.workerId());
                if (h.managerId() != null) {
                    named.add(h.managerId());
                }
            });
            if (terms.fallbackReviewer() != null) {
                named.add(terms.fallbackReviewer());
            }
            if (terms.reviewer().startsWith("owner:") && !terms.reviewer().startsWith("owner:group:")) {
                named.add(terms.reviewer().substring("owner:".length()));
            }
            Map<String, ReviewerRouting.Person> people = people(c, named);
            Set<String> managersManagers = new HashSet<>();
            people.values().forEach(p -> {
                if (p.managerId() != null && !people.containsKey(p.managerId())) {
                    managersManagers.add(p.managerId());
                }
            });
            people.putAll(people(c, managersManagers));
            ReviewerRouting routing = new ReviewerRouting(terms.reviewer(), terms.fallbackReviewer(), people);
            int unassigned = insert(c, reviewId, held, routing);
            return new Created(held.size(), workers.size(), unassigned);
        });
    }

    private static List<Held> held(Connection c, ReviewTerms terms) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT i.worker_id, p.j ->> 'managerId', p.j ->> 'givenName', p.j ->> 'familyName',
                       p.j ->> 'department', a.target_id, a.account_id, a.desired
                FROM identity i CROSS JOIN LATERAL (SELECT i.attributes::jsonb AS j) AS p
                JOIN account a ON a.worker_id = i.worker_id AND a.target_id = ANY (?)
                WHERE i.lifecycle IN ('ACTIVE', 'ON_LEAVE')""");
        // the field names come from ReviewTerms.WORKER_FIELDS, never from the caller as such
        List<String> fields = new ArrayList<>(terms.workers().keySet());
        fields.forEach(field -> sql.append(" AND p.j ->> '").append(field).append("' = ANY (?)"));
        sql.append(" ORDER BY i.worker_id COLLATE \"C\", a.target_id");
        List<Held> held = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(sql.toString())) {
            select.setArray(1, c.createArrayOf("text", terms.targets().toArray()));
            for (int i = 0; i < fields.size(); i++) {
                select.setArray(i + 2, c.createArrayOf("text", terms.workers().get(fields.get(i)).toArray()));
            }
            select.setFetchSize(5000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String name = (nonNull(rs.getString(3)) + " " + nonNull(rs.getString(4))).strip();
                    String targetId = rs.getString(6);
                    DesiredStates.Desired desired = DesiredStates.Desired.read(rs.getString(8));
                    for (Map.Entry<String, List<String>> grant : new java.util.TreeMap<>(desired.grants()).entrySet()) {
                        if (terms.covers(targetId, grant.getKey())) {
                            held.add(new Held(rs.getString(1), rs.getString(2), name, rs.getString(5), targetId,
                                    rs.getString(7), grant.getKey(), grant.getValue()));
                        }
                    }
                }
            }
        }
        return held;
    }

    private static Map<String, ReviewerRouting.Person> people(Connection c, Collection<String> ids) throws SQLException {
        Map<String, ReviewerRouting.Person> people = new HashMap<>();
        if (ids.isEmpty()) {
            return people;
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT worker_id, lifecycle, attributes::jsonb ->> 'managerId' FROM identity WHERE worker_id = ANY (?)""")) {
            select.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    people.put(rs.getString(1), new ReviewerRouting.Person("ACTIVE".equals(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return people;
    }

    /** Inserts the items in order (item ids from 1); returns how many have no reviewer. */
    private static int insert(Connection c, UUID reviewId, List<Held> held, ReviewerRouting routing) throws SQLException {
        int unassigned = 0;
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO access_review_item (review_id, item_id, worker_id, worker_name, department, target_id,
                    account_id, group_name, reasons, reviewer_id, reviewer_group, reviewer_via)
                SELECT ?, u.* FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(item_id, worker_id, worker_name, department, target_id, account_id, group_name, reasons,
                         reviewer_id, reviewer_group, reviewer_via)""")) {
            for (int from = 0; from < held.size(); from += INSERT_CHUNK) {
                int n = Math.min(INSERT_CHUNK, held.size() - from);
                Integer[] ids = new Integer[n];
                String[][] columns = new String[10][n];
                for (int i = 0; i < n; i++) {
                    Held h = held.get(from + i);
                    ReviewerRouting.Reviewer reviewer = routing.reviewerOf(h.workerId(), h.managerId());
                    if (reviewer == ReviewerRouting.Reviewer.NOBODY) {
                        unassigned++;
                    }
                    ids[i] = from + i + 1;
                    columns[0][i] = h.workerId();
                    columns[1][i] = h.name();
                    columns[2][i] = h.department();
                    columns[3][i] = h.targetId();
                    columns[4][i] = h.accountId();
                    columns[5][i] = h.group();
                    columns[6][i] = JsonColumns.write(h.reasons());
                    columns[7][i] = reviewer.workerId();
                    columns[8][i] = reviewer.group();
                    columns[9][i] = reviewer.via();
                }
                insert.setObject(1, reviewId);
                insert.setArray(2, c.createArrayOf("int4", ids));
                for (int col = 0; col < columns.length; col++) {
                    insert.setArray(col + 3, c.createArrayOf("text", columns[col]));
                }
                insert.executeUpdate();
            }
        }
        return unassigned;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }


}
