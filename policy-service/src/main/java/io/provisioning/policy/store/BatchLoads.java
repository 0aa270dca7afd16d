package io.provisioning.policy.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import org.hibernate.Session;

/** Reads what an identity batch works on: a few set-based statements for all its workers. */
@ApplicationScoped
class BatchLoads {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Of these workers, those who have an identity (e.g. the managers worker records name). */
    @SuppressWarnings("unchecked")
    List<String> withIdentity(Collection<String> workerIds) {
        return em.createNativeQuery("SELECT worker_id FROM identity WHERE worker_id = ANY (?1)")
                .setParameter(1, workerIds.toArray(String[]::new)).getResultList();
    }

    /** Loads the workers the batch does not hold yet: identities locked in worker id order, accounts, actions, names. */
    void load(IdentityBatch batch, Collection<String> workerIds) {
        List<String> workers = new TreeSet<>(workerIds).stream().filter(w -> !batch.holds(w)).toList();
        if (workers.isEmpty()) {
            return;
        }
        workers.forEach(w -> {
            batch.identities.put(w, null);
            batch.accounts.put(w, new ArrayList<>());
            batch.pendingActions.put(w, new ArrayList<>());
            batch.openRequests.put(w, new ArrayList<>());
            batch.violations.put(w, new HashMap<>());
            batch.exclusions.put(w, new HashMap<>());
        });
        // Native statements with one array parameter: an HQL IN list of hundreds of values is
        // translated again for every batch size, which cost more than the queries themselves.
        String[] ids = workers.toArray(String[]::new);
        // Identities and accounts are read-only to the session: the flush writes what changed (LoadedRows).
        for (IdentityEntity identity : entities(IdentityEntity.class,
                "SELECT * FROM identity WHERE worker_id = ANY (?1) ORDER BY worker_id FOR UPDATE", ids)) {
            session().setReadOnly(identity, true);
            batch.loaded.add(identity);
            batch.identities.put(identity.workerId, identity);
        }
        for (AccountEntity account : entities(AccountEntity.class, "SELECT * FROM account WHERE worker_id = ANY (?1)",
                ids)) {
            session().setReadOnly(account, true);
            batch.loaded.add(account);
            batch.accounts.get(account.workerId).add(account);
        }
        entities(ScheduledActionEntity.class,
                "SELECT * FROM scheduled_action WHERE worker_id = ANY (?1) AND status = 'PENDING'", ids)
                .forEach(action -> batch.pendingActions.get(action.workerId).add(action));
        @SuppressWarnings("unchecked")
        List<String> sponsors = em.createNativeQuery("SELECT DISTINCT sponsor_id FROM sponsorship WHERE sponsor_id = ANY (?1)")
                .setParameter(1, ids).getResultList();
        batch.sponsors.addAll(sponsors);
        session().doWork(c -> loadNames(c, workers, batch));
        session().doWork(c -> loadOpenRequests(c, ids, batch));
        session().doWork(c -> loadViolations(c, ids, batch));
        session().doWork(c -> batch.exclusions.putAll(AccessExclusions.of(c, ids)));
    }

    private static void loadViolations(Connection c, String[] workers, IdentityBatch batch) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT worker_id, rule_id, since FROM sod_violation WHERE worker_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", workers));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.violations.get(rs.getString(1)).put(rs.getString(2), rs.getTimestamp(3).toInstant());
                }
            }
        }
    }

    private static void loadOpenRequests(Connection c, String[] workers, IdentityBatch batch) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT beneficiary_id, request_id, target_id, group_name, state FROM access_request
                WHERE beneficiary_id = ANY (?) AND state IN ('PENDING', 'APPROVED', 'ACTIVE')
                ORDER BY beneficiary_id, created_at""")) {
            select.setArray(1, c.createArrayOf("text", workers));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.openRequests.get(rs.getString(1)).add(new OpenRequest(rs.getObject(2, java.util.UUID.class),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> entities(Class<T> type, String sql, String[] ids) {
        return em.createNativeQuery(sql, type).setParameter(1, ids).getResultList();
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    /** Inserts the batch's event ids into the inbox; returns those that were not there. */
    List<String> claimEventIds(Collection<String> eventIds) {
        return session().doReturningWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO processed_event (event_id, processed_at)
                    SELECT DISTINCT id, ? FROM unnest(?::text[]) AS e(id)
                    ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")) {
                insert.setObject(1, BatchWrites.timestamp(clock.instant()));
                insert.setArray(2, c.createArrayOf("text", eventIds.toArray()));
                return strings(insert);
            }
        });
    }

    private static void loadNames(Connection c, List<String> workers, IdentityBatch batch) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT worker_id, target_id, account_id FROM account_name WHERE worker_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", workers.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.names.computeIfAbsent(rs.getString(1), w -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    private static List<String> strings(PreparedStatement statement) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
