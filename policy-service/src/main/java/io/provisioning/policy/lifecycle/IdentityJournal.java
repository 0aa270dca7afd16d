package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.policy.AccessExpiring;
import io.provisioning.contracts.policy.PolicyEvaluationFailed;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityHistoryEntity;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * What happened to identities: the inbox of processed events, each identity's history, and the
 * notices that go to policy.changes. Always in the caller's transaction.
 */
@ApplicationScoped
public class IdentityJournal {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Records the event id as processed; false if it was processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String eventId) {
        return em.createNativeQuery("""
                        INSERT INTO processed_event (event_id, processed_at) VALUES (?1, ?2)
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, eventId).setParameter(2, clock.instant()).executeUpdate() == 1;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(IdentityEntity identity, String cause, String kind, LifecycleState from, LifecycleState to,
                       String note) {
        IdentityHistoryEntity step = new IdentityHistoryEntity();
        step.workerId = identity.workerId;
        step.at = clock.instant();
        step.cause = cause;
        step.kind = kind;
        step.fromState = from == null ? null : from.name();
        step.toState = to == null ? null : to.name();
        step.note = note;
        step.persist();
    }

    /** An event about a worker never hired: kept as a notice, nothing provisioned. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unknownWorker(HrEvent event) {
        outbox.enqueue(Topics.POLICY_CHANGES, event.workerId(), new PolicyEvaluationFailed(UUID.randomUUID().toString(),
                clock.instant(), "policy-service", event.workerId(), event.id(),
                event.type().wireName() + " for a worker who was never hired", false));
    }

    /**
     * The policy could not be evaluated for a worker: the identity carries the reason and a notice
     * goes to policy.changes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failure(IdentityEntity identity, String cause, String reason, boolean provisioned) {
        identity.error = reason;
        identity.updatedAt = clock.instant();
        record(identity, cause, "ERROR", identity.lifecycle, identity.lifecycle, reason);
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new PolicyEvaluationFailed(
                UUID.randomUUID().toString(), clock.instant(), "policy-service", identity.workerId, cause, reason,
                provisioned));
    }

    /** {@code worker.access-expiring}: the notice days before a contract ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceExpiry(IdentityEntity identity, Worker worker, Instant expiresAt, String cause) {
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new AccessExpiring(UUID.randomUUID().toString(),
                clock.instant(), "policy-service", identity.workerId, cause, worker.endDate(), expiresAt));
    }
}
