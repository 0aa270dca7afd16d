package io.provisioning.policy.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.policy.AccessExpiring;
import io.provisioning.contracts.policy.HrEventIgnored;
import io.provisioning.contracts.policy.PolicyEvaluationFailed;
import io.provisioning.contracts.policy.TerminationHeld;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    IdentityRepository store;

    @Inject
    Outbox outbox;

    @Inject
    HeldTerminations holds;

    @Inject
    Clock clock;

    private static final ObjectMapper MAPPER = Json.mapper();

    /** Records the event id as processed; false if it was processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String eventId) {
        return store.firstTime(eventId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(IdentityEntity identity, String cause, String kind, LifecycleState from, LifecycleState to,
                       String note) {
        store.record(identity.workerId, cause, kind, from == null ? null : from.name(), to == null ? null : to.name(),
                note);
    }

    /**
     * An event older than the worker's last applied change: kept in the identity's history and
     * published on policy.changes, so that the trail says which event was ignored and why.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ignoredAsStale(IdentityEntity identity, HrEvent event) {
        Instant eventTime = event.time().toInstant();
        String reason = event.type().wireName() + " of " + eventTime + " is " + HrEventIgnored.OLDER_THAN_LAST_CHANGE
                + " (" + identity.lastEventTime + ")";
        record(identity, event.id(), "STALE", identity.lifecycle, identity.lifecycle, reason);
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new HrEventIgnored("ignored-" + event.id(),
                clock.instant(), "policy-service", identity.workerId, event.id(), event.type().wireName(), eventTime,
                identity.lastEventId, identity.lastEventTime, reason));
    }

    /**
     * A termination the burst guard held: kept with the event as it arrived, in the identity's
     * history and on policy.changes; the worker keeps their access until an operator decides.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void held(IdentityEntity identity, HrEvent event, UUID holdId) {
        Instant now = clock.instant();
        holds.hold(holdId, event.id(), identity.workerId, event.time().toInstant(), json(event),
                store.acceptedAt(event.id()), now);
        record(identity, event.id(), "HELD", identity.lifecycle, identity.lifecycle,
                "termination held in " + holdId + ": terminations arrive faster than the burst guard allows");
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new TerminationHeld("held-" + event.id(), now,
                "policy-service", identity.workerId, event.id(), event.time().toInstant(), holdId.toString()));
    }

    /** A held termination whose hold an operator rejected: never applied, and the trail says so. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(HrEvent event, UUID holdId, String decidedBy) {
        String reason = event.type().wireName() + " held in " + holdId + " and rejected by " + decidedBy;
        store.record(event.workerId(), event.id(), "REJECTED", null, null, reason);
        outbox.enqueue(Topics.POLICY_CHANGES, event.workerId(), new HrEventIgnored("ignored-" + event.id(),
                clock.instant(), decidedBy, event.workerId(), event.id(), event.type().wireName(),
                event.time().toInstant(), null, null, reason));
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

    /** {@code worker.access-expiring}: the notice days before a contract ends, to the manager and the sponsor. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceExpiry(IdentityEntity identity, Worker worker, Instant expiresAt, String cause) {
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new AccessExpiring(UUID.randomUUID().toString(),
                clock.instant(), "policy-service", identity.workerId, cause, worker.endDate(), expiresAt,
                worker.managerId(), worker.sponsorId(), AccessExpiring.CONTRACT_END));
    }

    /** {@code worker.access-expiring}: the worker's sponsor left; access ends unless HR names another. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceSponsorLeft(IdentityEntity identity, Worker worker, String formerSponsor, Instant expiresAt,
                                    String cause) {
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new AccessExpiring(UUID.randomUUID().toString(),
                clock.instant(), "policy-service", identity.workerId, cause, null, expiresAt, worker.managerId(),
                formerSponsor, AccessExpiring.SPONSOR_LEFT));
    }

    private static String json(HrEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.id(), e);
        }
    }
}
