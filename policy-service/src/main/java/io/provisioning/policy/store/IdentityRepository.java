package io.provisioning.policy.store;

import io.provisioning.policy.store.IdentityBatch.HistoryRow;
import io.provisioning.policy.store.IdentityBatch.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * The one way policy-service reads and writes identities: always as a batch (an {@link IdentityBatch}),
 * a single event or a due action being a batch of one. A batch loads its workers with a few
 * set-based statements (identities locked, in worker id order), more workers join it the same way
 * when it turns out to need them, and what it decides is written by {@link #flush()} with a few
 * statements, before the transaction commits.
 *
 * <p>New account names are reserved before a batch of events, in a short transaction of their own
 * ({@link NameReservations}), so that concurrent batches do not wait on each other's name counters.
 */
@ApplicationScoped
public class IdentityRepository {

    private static final Object CURRENT = new Object();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    @Inject
    Event<OutboxWritten> outboxWritten;

    @Inject
    BatchLoads loads;

    /**
     * Opens the transaction's batch, or adds to the one open: claims the events, loads the workers
     * it does not hold yet and asks which of the managers have an identity.
     *
     * @param acceptedAt when hr-ingest accepted each event, by id (absent when not known)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(Collection<String> eventIds, Map<String, Instant> acceptedAt, Collection<String> workerIds,
                     Collection<String> managerIds) {
        IdentityBatch batch = Objects.requireNonNullElseGet(current(), this::begin);
        List<String> newEvents = eventIds.stream().filter(id -> !batch.eventIds.contains(id)).distinct().toList();
        batch.eventIds.addAll(newEvents);
        if (!newEvents.isEmpty()) {
            batch.firstTime.addAll(loads.claimEventIds(newEvents));
        }
        batch.acceptedAt.putAll(acceptedAt);
        loads.load(batch, workerIds);
        List<String> managers = managerIds.stream()
                .filter(m -> !batch.holds(m) && !batch.askedManagers.contains(m)).distinct().toList();
        batch.askedManagers.addAll(managers);
        if (!managers.isEmpty()) {
            batch.knownManagers.addAll(loads.withIdentity(managers));
        }
    }

    /** Opens a batch of the workers, runs the work on it and writes what it decided. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T batch(Collection<String> workerIds, Supplier<T> work) {
        open(List.of(), Map.of(), workerIds, List.of());
        T result = work.get();
        flush();
        return result;
    }

    /** Writes what the batch decided; the transaction then commits it with the entities. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        IdentityBatch batch = current();
        if (batch == null) {
            return;
        }
        em.flush();
        em.unwrap(Session.class).doWork(c -> BatchWrites.write(c, batch));
        if (!batch.outbox.isEmpty()) {
            outboxWritten.fire(OutboxWritten.INSTANCE);
        }
        batch.clearWritten();
    }

    /** Whether this is the first time the event is processed; false if it was before (or earlier in this batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String eventId) {
        IdentityBatch batch = open();
        if (!batch.eventIds.contains(eventId)) {
            open(List.of(eventId), Map.of(), List.of(), List.of());
        }
        return batch.firstTime.remove(eventId);
    }

    /** When hr-ingest accepted the event of the batch; null if not known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant acceptedAt(String eventId) {
        return open().acceptedAt.get(eventId);
    }

    /** The worker's identity, locked for the transaction; null if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public IdentityEntity lockIdentity(String workerId) {
        return holding(workerId).identities.get(workerId);
    }

    /** Whether the worker has an identity, e.g. a manager named by a worker record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean hasIdentity(String workerId) {
        IdentityBatch batch = open();
        if (batch.holds(workerId)) {
            return batch.identities.get(workerId) != null;
        }
        open(List.of(), Map.of(), List.of(), List.of(workerId));
        return batch.knownManagers.contains(workerId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void create(IdentityEntity identity) {
        IdentityBatch batch = holding(identity.workerId);
        batch.identities.put(identity.workerId, identity);
        batch.newIdentities.add(identity);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<AccountEntity> accounts(String workerId) {
        return List.copyOf(holding(workerId).accounts.get(workerId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void create(AccountEntity account) {
        IdentityBatch batch = holding(account.workerId);
        batch.accounts.get(account.workerId).add(account);
        batch.newAccounts.add(account);
    }

    /**
     * The worker's access requests not closed yet, as the batch holds them: whoever changes a
     * request's state changes this list too, so that the worker's desired state follows in the same
     * transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OpenRequest> openRequests(String workerId) {
        return holding(workerId).openRequests.get(workerId);
    }

    /** The birthright groups access reviews revoked for the worker, by target: left out of their desired state. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, java.util.Set<String>> exclusions(String workerId) {
        return java.util.Collections.unmodifiableMap(holding(workerId).exclusions.get(workerId));
    }

    /** Leaves a birthright group out of the worker's desired state: an access review revoked it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exclude(String workerId, AccessExclusions.Exclusion exclusion) {
        IdentityBatch batch = holding(workerId);
        em.createNativeQuery("""
                        INSERT INTO access_exclusion (worker_id, target_id, group_name, rules, review_id, item_id,
                                                      decided_by, reason, since)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                        ON CONFLICT (worker_id, target_id, group_name) DO NOTHING""")
                .setParameter(1, workerId).setParameter(2, exclusion.targetId()).setParameter(3, exclusion.group())
                .setParameter(4, exclusion.rules()).setParameter(5, exclusion.reviewId())
                .setParameter(6, exclusion.itemId()).setParameter(7, exclusion.decidedBy())
                .setParameter(8, exclusion.reason()).setParameter(9, clock.instant()).executeUpdate();
        batch.exclusions.get(workerId).computeIfAbsent(exclusion.targetId(), t -> new java.util.TreeSet<>())
                .add(exclusion.group());
    }

    /**
     * HR moved the worker (or they left): the reviews' exclusions end, the policy's rules decide again.
     *
     * @return how many ended
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int endExclusions(String workerId) {
        IdentityBatch batch = holding(workerId);
        if (batch.exclusions.get(workerId).isEmpty()) {
            return 0;
        }
        batch.exclusions.get(workerId).clear();
        return em.createNativeQuery("DELETE FROM access_exclusion WHERE worker_id = ?1").setParameter(1, workerId)
                .executeUpdate();
    }

    /** The separation-of-duties violations recorded for the worker: rule id to since when. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Instant> violations(String workerId) {
        return java.util.Collections.unmodifiableMap(holding(workerId).violations.get(workerId));
    }

    /** Records that the worker's desired state breaks the rule, from now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void violationFound(String workerId, String ruleId, String entitlements, String cause) {
        IdentityBatch batch = holding(workerId);
        Instant now = clock.instant();
        em.createNativeQuery("""
                        INSERT INTO sod_violation (worker_id, rule_id, entitlements, since, cause) VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (worker_id, rule_id) DO NOTHING""")
                .setParameter(1, workerId).setParameter(2, ruleId).setParameter(3, entitlements)
                .setParameter(4, now).setParameter(5, cause).executeUpdate();
        batch.violations.get(workerId).put(ruleId, now);
    }

    /** The worker's desired state no longer breaks the rule. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void violationGone(String workerId, String ruleId) {
        IdentityBatch batch = holding(workerId);
        em.createNativeQuery("DELETE FROM sod_violation WHERE worker_id = ?1 AND rule_id = ?2")
                .setParameter(1, workerId).setParameter(2, ruleId).executeUpdate();
        batch.violations.get(workerId).remove(ruleId);
    }

    /** The worker's pending scheduled actions; cancelling one is changing its status and removing it here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ScheduledActionEntity> pendingActions(String workerId) {
        return holding(workerId).pendingActions.get(workerId);
    }

    /**
     * Schedules an action. For a worker outside the batch (someone a leaver sponsored) it is only
     * inserted: their identity is not locked for that.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void create(ScheduledActionEntity action) {
        IdentityBatch batch = open();
        if (batch.holds(action.workerId)) {
            batch.pendingActions.get(action.workerId).add(action);
        }
        batch.newActions.add(action);
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
        // a sponsor in the batch who leaves later in it must find whom they sponsor
        open().sponsors.add(sponsorId);
    }

    /** The workers not yet terminated whom this worker sponsors; no lookup for a worker known to sponsor nobody. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> sponsoredBy(String sponsorId) {
        if (!holding(sponsorId).sponsors.contains(sponsorId)) {
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
        return holding(workerId).names.getOrDefault(workerId, Map.of()).get(targetId);
    }

    /** Reserves the name for the worker; false if it is taken. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean reserve(String targetId, String accountId, String workerId) {
        IdentityBatch batch = holding(workerId);
        // ON CONFLICT: a name taken concurrently by another worker is simply not free
        boolean reserved = em.createNativeQuery("""
                        INSERT INTO account_name (target_id, account_id, worker_id) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, targetId).setParameter(2, accountId).setParameter(3, workerId)
                .executeUpdate() == 1;
        if (reserved) {
            batch.names.computeIfAbsent(workerId, w -> new HashMap<>()).put(targetId, accountId);
        }
        return reserved;
    }

    /**
     * The worker's name in the target belongs to an account the product did not create: it stays
     * reserved as held outside (never given again) and the worker no longer has it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseNameHeldOutside(String targetId, String accountId, String workerId) {
        IdentityBatch batch = holding(workerId);
        em.createNativeQuery("""
                        UPDATE account_name SET worker_id = NULL, held_outside_since = ?1
                        WHERE target_id = ?2 AND account_id = ?3 AND worker_id = ?4""")
                .setParameter(1, clock.instant()).setParameter(2, targetId)
                .setParameter(3, accountId).setParameter(4, workerId).executeUpdate();
        batch.names.getOrDefault(workerId, new HashMap<>()).remove(targetId, accountId);
    }

    /**
     * Adds a message to the outbox in the caller's transaction: with the open batch, or at once
     * when the transaction works on no identity (a policy activation, an operator's decision).
     *
     * @param cause the HR event that caused it, if any: its acceptance time goes with the message
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, String payload, String cause) {
        IdentityBatch batch = current();
        if (batch != null) {
            batch.outbox.add(new OutboxRow(topic, key, payload, clock.instant(),
                    cause == null ? null : batch.acceptedAt.get(cause)));
            return;
        }
        em.createNativeQuery("INSERT INTO outbox (topic, message_key, payload, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, topic).setParameter(2, key).setParameter(3, payload).setParameter(4, clock.instant())
                .executeUpdate();
        outboxWritten.fire(OutboxWritten.INSTANCE);
    }

    /** Adds a step to a worker's history. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String workerId, String cause, String kind, String fromState, String toState, String note) {
        open().history.add(new HistoryRow(workerId, clock.instant(), cause, kind, fromState, toState, note));
    }

    /**
     * A new batch for the transaction. What it decided and did not write when the transaction ends
     * rolls the transaction back: a decision is written with its cause or not at all.
     */
    private IdentityBatch begin() {
        IdentityBatch batch = new IdentityBatch();
        transactions.putResource(CURRENT, batch);
        transactions.registerInterposedSynchronization(new UnwrittenDecisions(batch, transactions));
        return batch;
    }

    /** The transaction's batch, opened empty if there is none yet. */
    private IdentityBatch open() {
        IdentityBatch batch = current();
        if (batch == null) {
            open(List.of(), Map.of(), List.of(), List.of());
            batch = current();
        }
        return batch;
    }

    /** The transaction's batch, with the worker in it. */
    private IdentityBatch holding(String workerId) {
        IdentityBatch batch = open();
        if (!batch.holds(workerId)) {
            loads.load(batch, List.of(workerId));
        }
        return batch;
    }

    private IdentityBatch current() {
        return transactions.getTransactionKey() == null ? null : (IdentityBatch) transactions.getResource(CURRENT);
    }
}
