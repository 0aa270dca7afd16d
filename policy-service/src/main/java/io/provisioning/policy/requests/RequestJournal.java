package io.provisioning.policy.requests;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.AccessRequestChange;
import io.provisioning.contracts.policy.SodViolation;
import io.provisioning.policy.rules.SeparationOfDuties;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Every step of a request, twice in its transaction: as a row of {@code access_request_step} (what
 * the API shows) and as an {@code access-request} fact on policy.changes (what the audit trail
 * keeps, under the request's id as correlation id).
 */
@ApplicationScoped
class RequestJournal {

    static final String SYSTEM = "system";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** A separation-of-duties rule met a request: refused, or given an extra stage. */
    @Transactional(Transactional.TxType.MANDATORY)
    void conflict(String requestId, Caller caller, String workerId, SeparationOfDuties.Violation violation,
                  String outcome, String detail) {
        outbox.enqueue(Topics.POLICY_CHANGES, workerId, new SodViolation(java.util.UUID.randomUUID().toString(),
                clock.instant(), caller.name(), workerId, requestId, violation.ruleId(), violation.mode(),
                violation.held(), outcome, detail));
    }

    /**
     * @param actor     the worker who acted, or {@code system}
     * @param actorName their sign-in name; null for the system
     * @param approver  for routed: the worker (or realm group) the stage waits for
     * @param comment   the actor's words, if any
     * @param reason    why, when nobody acted
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void step(AccessRequestEntity request, String transition, String actor, String actorName, Approver approver,
              String comment, String reason) {
        Instant now = clock.instant();
        Number seq = (Number) em.createNativeQuery("""
                        INSERT INTO access_request_step (request_id, seq, at, action, stage, actor, actor_name, approver, comment)
                        SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                        FROM access_request_step WHERE request_id = ?1
                        RETURNING seq""")
                .setParameter(1, request.requestId).setParameter(2, now).setParameter(3, transition)
                .setParameter(4, request.stage).setParameter(5, actor).setParameter(6, actorName)
                .setParameter(7, approver == null ? null : approver.workerId() != null ? approver.workerId()
                        : "group:" + approver.group())
                .setParameter(8, comment != null ? comment : reason)
                .getSingleResult();
        String approverId = approver != null ? approver.workerId()
                : transition.equals("approved") || transition.equals("denied") ? actor : null;
        outbox.enqueue(Topics.POLICY_CHANGES, request.beneficiaryId, new AccessRequestChange(
                request.requestId + "-" + seq, now, actorName != null ? actorName : actor, request.beneficiaryId,
                request.requestId.toString(), transition, request.state, request.targetId, request.group, request.stage,
                approverId, approver == null ? null : approver.group(), request.requestedBy, request.startsAt,
                request.endsAt, comment, reason));
    }
}
