package io.provisioning.policy.store;

import io.provisioning.policy.store.EventBatch.HistoryRow;
import io.provisioning.policy.store.EventBatch.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * The identity store's reads and writes on the event path, batched when a batch of HR events is
 * open in the transaction and statement by statement otherwise (a single event, a scheduled action,
 * a policy rollout). Both paths give the same result; the batched one costs a few statements per
 * batch instead of about twenty per event.
 *
 * <p>A batch locks its workers' identity rows (in worker id order) when it opens. Their new account
 * names were reserved before, in a short transaction of their own ({@link NameReservations}), so that
 * concurrent batches do not wait on each other's name counters.
 */
@ApplicationScoped
public class EventBatches {

    private static final Object CURRENT = new Object();
    private static final Object OUTBOX_WRITTEN = new Object();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    @Inject
    Event<OutboxWritten> outboxWritten;

    /**
     * Loads what a batch needs and keeps it for the rest of the transaction.
     *
     * @param workerIds the workers the events are about
     * @param managerIds the managers the events' worker records name
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(Collection<String> eventIds, Collection<String> workerIds, Collection<String> managerIds) {
        EventBatch batch = new EventBatch();
        List<String> workers = List.copyOf(new TreeSet<>(workerIds));
        batch.eventIds.addAll(eventIds);
        batch.firstTime.addAll(claimEventIds(eventIds));
        workers.forEach(w -> batch.identities.put(w, null));
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
        workers.forEach(w -> {
            batch.accounts.put(w, new ArrayList<>());
            batch.pendingActions.put(w, new ArrayList<>());
        });
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
        List<String> managers = managerIds.stream().filter(m -> !batch.holds(m)).distinct().toList();
        batch.askedManagers.addAll(managers);
        if (!managers.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<String> known = em.createNativeQuery("SELECT worker_id FROM identity WHERE worker_id = ANY (?1)")
                    .setParameter(1, managers.toArray(String[]::new)).getResultList();
            batch.knownManagers.addAll(known);
        }
        session().doWork(c -> loadNames(c, workers, batch));
        transactions.putResource(CURRENT, batch);
    }

    /** Writes what the open batch buffered; the transaction then commits it with the entities. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        EventBatch batch = current();
        if (batch == null) {
            return;
        }
        em.flush();
        session().doWork(c -> {
            writeIdentities(c, batch);
            writeAccounts(c, batch);
            batch.loaded.write(c);
            writeActions(c, batch);
            writeHistory(c, batch);
            writeOutbox(c, batch);
        });
        batch.newIdentities.clear();
        batch.newAccounts.clear();
        batch.newActions.clear();
        batch.history.clear();
        batch.outbox.clear();
    }

    /** Records the event id as processed; false if it was processed before (or earlier in this batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String eventId) {
        EventBatch batch = current();
        if (batch != null && batch.eventIds.contains(eventId)) {
            return batch.firstTime.remove(eventId);
        }
        return em.createNativeQuery("""
                        INSERT INTO processed_event (event_id, processed_at) VALUES (?1, ?2)
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, eventId).setParameter(2, clock.instant()).executeUpdate() == 1;
    }

    /** The worker's identity, locked for the transaction; null if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public IdentityEntity lockIdentity(String workerId) {
        EventBatch batch = current();
        if (batch != null && batch.holds(workerId)) {
            return batch.identities.get(workerId);
        }
        return em.find(IdentityEntity.class, workerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether the worker has an identity, e.g. a manager named by a worker record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean hasIdentity(String workerId) {
        EventBatch batch = current();
        if (batch != null && batch.holds(workerId)) {
            return batch.identities.get(workerId) != null;
        }
        if (batch != null && batch.askedManagers.contains(workerId)) {
            return batch.knownManagers.contains(workerId);
        }
        return em.find(IdentityEntity.class, workerId) != null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void create(IdentityEntity identity) {
        EventBatch batch = current();
        if (batch != null && batch.holds(identity.workerId)) {
            batch.identities.put(identity.workerId, identity);
            batch.newIdentities.add(identity);
            return;
        }
        identity.persist();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<AccountEntity> accounts(String workerId) {
        EventBatch batch = current();
        if (batch != null && batch.holds(workerId)) {
            return List.copyOf(batch.accounts.get(workerId));
        }
        return AccountEntity.list("workerId", workerId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void create(AccountEntity account) {
        EventBatch batch = current();
        if (batch != null && batch.holds(account.workerId)) {
            batch.accounts.get(account.workerId).add(account);
            batch.newAccounts.add(account);
            return;
        }
        account.persist();
    }

    /** The worker's pending scheduled actions, when the open batch holds them; null otherwise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ScheduledActionEntity> pendingActions(String workerId) {
        EventBatch batch = current();
        return batch != null && batch.holds(workerId) ? batch.pendingActions.get(workerId) : null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void create(ScheduledActionEntity action) {
        EventBatch batch = current();
        if (batch != null && batch.holds(action.workerId)) {
            batch.pendingActions.get(action.workerId).add(action);
            batch.newActions.add(action);
            return;
        }
        action.persist();
    }

    /** Records who sponsors the worker (null: nobody), when it changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sponsor(String workerId, String sponsorId) {
        if (sponsorId == null) {
            em.createNativeQuery("DELETE FROM sponsorship WHERE worker_id = ?1").setParameter(1, workerId).executeUpdate();
            return;
        }
        em.createNativeQuery("""
                        INSERT INTO sponsorship (worker_id, sponsor_id) VALUES (?1, ?2)
                        ON CONFLICT (worker_id) DO UPDATE SET sponsor_id = excluded.sponsor_id""")
                .setParameter(1, workerId).setParameter(2, sponsorId).executeUpdate();
    }

    /** The workers not yet terminated whom this worker sponsors; one cheap lookup in a batch that knows none. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> sponsoredBy(String sponsorId) {
        EventBatch batch = current();
        if (batch != null && batch.holds(sponsorId) && !batch.sponsors.contains(sponsorId)) {
            return List.of();
        }
        return em.createNativeQuery("""
                        SELECT s.worker_id FROM sponsorship s JOIN identity i ON i.worker_id = s.worker_id
                        WHERE s.sponsor_id = ?1 AND i.lifecycle <> 'TERMINATED' ORDER BY s.worker_id""")
                .setParameter(1, sponsorId).getResultList();
    }

    /** The worker's account name in the target; null if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String accountName(String targetId, String workerId) {
        EventBatch batch = current();
        if (batch != null && batch.holds(workerId)) {
            return batch.names.getOrDefault(workerId, Map.of()).get(targetId);
        }
        List<?> existing = em.createNativeQuery(
                        "SELECT account_id FROM account_name WHERE target_id = ?1 AND worker_id = ?2")
                .setParameter(1, targetId).setParameter(2, workerId).getResultList();
        return existing.isEmpty() ? null : (String) existing.get(0);
    }

    /** 1 for the first worker with this base, then 2, 3, ...: one row lock, no search. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long nextNumber(String targetId, String base) {
        return ((Number) em.createNativeQuery("""
                        INSERT INTO account_name_base (target_id, base, last) VALUES (?1, ?2, 1)
                        ON CONFLICT (target_id, base) DO UPDATE SET last = account_name_base.last + 1
                        RETURNING last""")
                .setParameter(1, targetId).setParameter(2, base).getSingleResult()).longValue();
    }

    /** Reserves the name for the worker; false if it is taken. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean reserve(String targetId, String accountId, String workerId) {
        // ON CONFLICT: a name taken concurrently by another worker is simply not free
        boolean reserved = em.createNativeQuery("""
                        INSERT INTO account_name (target_id, account_id, worker_id) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, targetId).setParameter(2, accountId).setParameter(3, workerId)
                .executeUpdate() == 1;
        EventBatch batch = current();
        if (reserved && batch != null && batch.holds(workerId)) {
            batch.names.computeIfAbsent(workerId, w -> new HashMap<>()).put(targetId, accountId);
        }
        return reserved;
    }

    /** Adds a message to the outbox in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, String payload) {
        if (transactions.getResource(OUTBOX_WRITTEN) == null) {
            transactions.putResource(OUTBOX_WRITTEN, Boolean.TRUE);
            outboxWritten.fire(OutboxWritten.INSTANCE);
        }
        EventBatch batch = current();
        if (batch != null) {
            batch.outbox.add(new OutboxRow(topic, key, payload, clock.instant()));
            return;
        }
        em.createNativeQuery("INSERT INTO outbox (topic, message_key, payload, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, topic).setParameter(2, key).setParameter(3, payload).setParameter(4, clock.instant())
                .executeUpdate();
    }

    /** Adds a step to a worker's history in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String workerId, String cause, String kind, String fromState, String toState, String note) {
        EventBatch batch = current();
        if (batch != null) {
            batch.history.add(new HistoryRow(workerId, clock.instant(), cause, kind, fromState, toState, note));
            return;
        }
        IdentityHistoryEntity step = new IdentityHistoryEntity();
        step.workerId = workerId;
        step.at = clock.instant();
        step.cause = cause;
        step.kind = kind;
        step.fromState = fromState;
        step.toState = toState;
        step.note = note;
        step.persist();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> entities(Class<T> type, String sql, String[] ids) {
        return em.createNativeQuery(sql, type).setParameter(1, ids).getResultList();
    }

    private EventBatch current() {
        return transactions.getTransactionKey() == null ? null : (EventBatch) transactions.getResource(CURRENT);
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    /** Inserts the batch's event ids into the inbox; returns those that were not there. */
    private List<String> claimEventIds(Collection<String> eventIds) {
        return session().doReturningWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO processed_event (event_id, processed_at)
                    SELECT DISTINCT id, ? FROM unnest(?::text[]) AS e(id)
                    ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")) {
                insert.setObject(1, timestamp(clock.instant()));
                insert.setArray(2, c.createArrayOf("text", eventIds.toArray()));
                return strings(insert);
            }
        });
    }

    private static void loadNames(Connection c, List<String> workers, EventBatch batch) throws SQLException {
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

    /*
     * Identities and accounts carry JSON documents: sent as JDBC batches (rewritten by the driver as
     * multi-row INSERTs), each value encoded once, instead of as arrays whose every element the
     * driver escapes into one long literal.
     */
    private static void writeIdentities(Connection c, EventBatch batch) throws SQLException {
        if (batch.newIdentities.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO identity (worker_id, lifecycle, attributes, accounts_deleted, last_event_time,
                                      last_event_id, error, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (IdentityEntity identity : batch.newIdentities) {
                insert.setString(1, identity.workerId);
                insert.setString(2, identity.lifecycle.name());
                insert.setString(3, identity.attributes);
                insert.setBoolean(4, identity.accountsDeleted);
                insert.setObject(5, timestamp(identity.lastEventTime));
                insert.setString(6, identity.lastEventId);
                insert.setString(7, identity.error);
                insert.setObject(8, timestamp(identity.updatedAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeAccounts(Connection c, EventBatch batch) throws SQLException {
        if (batch.newAccounts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account (worker_id, target_id, account_id, sequence, desired_state, desired, status,
                                     actual_groups, last_error, applied_sequence, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (AccountEntity account : batch.newAccounts) {
                insert.setString(1, account.workerId);
                insert.setString(2, account.targetId);
                insert.setString(3, account.accountId);
                insert.setLong(4, account.sequence);
                insert.setString(5, account.desiredState);
                insert.setString(6, account.desired);
                insert.setString(7, account.status);
                insert.setString(8, account.actualGroups);
                insert.setString(9, account.lastError);
                insert.setLong(10, account.appliedSequence);
                insert.setObject(11, timestamp(account.updatedAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeActions(Connection c, EventBatch batch) throws SQLException {
        List<ScheduledActionEntity> rows = batch.newActions;
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO scheduled_action (id, worker_id, action, due_at, status, correlation_id, payload,
                                              created_at, done_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                                     ?::text[], ?::timestamptz[], ?::timestamptz[])""")) {
            insert.setArray(1, texts(c, rows, a -> a.id));
            insert.setArray(2, texts(c, rows, a -> a.workerId));
            insert.setArray(3, texts(c, rows, a -> a.action.name()));
            insert.setArray(4, texts(c, rows, a -> text(a.dueAt)));
            insert.setArray(5, texts(c, rows, a -> a.status));
            insert.setArray(6, texts(c, rows, a -> a.correlationId));
            insert.setArray(7, texts(c, rows, a -> a.payload));
            insert.setArray(8, texts(c, rows, a -> text(a.createdAt)));
            insert.setArray(9, texts(c, rows, a -> text(a.doneAt)));
            insert.executeUpdate();
        }
    }

    private static <T> Array texts(Connection c, List<T> rows, Function<T, String> field) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(field).toArray());
    }

    /** ISO-8601 in UTC, which PostgreSQL reads back as the same instant. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void writeHistory(Connection c, EventBatch batch) throws SQLException {
        if (batch.history.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO identity_history (worker_id, at, cause, kind, from_state, to_state, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (HistoryRow row : batch.history) {
                insert.setString(1, row.workerId());
                insert.setObject(2, timestamp(row.at()));
                insert.setString(3, row.cause());
                insert.setString(4, row.kind());
                insert.setString(5, row.fromState());
                insert.setString(6, row.toState());
                insert.setString(7, row.note());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** In the order enqueued: the relay sends by id, and one worker's commands must keep their order. */
    private static void writeOutbox(Connection c, EventBatch batch) throws SQLException {
        if (batch.outbox.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox (topic, message_key, payload, created_at) VALUES (?, ?, ?, ?)")) {
            for (OutboxRow row : batch.outbox) {
                insert.setString(1, row.topic());
                insert.setString(2, row.key());
                insert.setString(3, row.payload());
                insert.setObject(4, timestamp(row.createdAt()));
                insert.addBatch();
            }
            insert.executeBatch();
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

    /** An instant as JDBC sends a timestamptz; null stays null. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
