package io.provisioning.policy.requests;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.lifecycle.AccountPlanner;
import io.provisioning.policy.lifecycle.ActionType;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.lifecycle.Schedule;
import io.provisioning.policy.lifecycle.WorkerFields;
import io.provisioning.policy.lifecycle.DesiredStates;
import io.provisioning.policy.model.ConflictRule;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.RequestableGroup;
import io.provisioning.policy.rules.SeparationOfDuties;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.rules.GrantEvaluator;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.JsonColumns;
import io.provisioning.policy.store.OpenRequest;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * The access request state machine. Every change runs with the beneficiary's identity locked (then
 * the request's row), like the HR events and scheduled actions of that worker, so that a grant, its
 * end and the worker's own changes never race; a grant or an end recomputes the worker's desired
 * state in the same transaction, so its commands leave through the outbox with it.
 */
@ApplicationScoped
public class AccessRequests {

    @Inject
    IdentityRepository identities;

    @Inject
    PolicyStore policies;

    @Inject
    StageRouting routing;

    @Inject
    RequestJournal journal;

    @Inject
    Schedule schedule;

    @Inject
    AccountPlanner planner;

    @Inject
    People people;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** What a signed-in caller asks for; validated into {@link RequestTerms} first. */
    @Transactional
    public AccessRequestEntity create(Caller caller, RequestTerms terms) {
        return identities.batch(List.of(terms.beneficiaryId()), () -> {
            IdentityEntity identity = identities.lockIdentity(terms.beneficiaryId());
            if (identity == null) {
                throw ProblemException.invalid("The request names no known worker.",
                        List.of(new Problem.FieldError(null, "/beneficiary", "is not a worker")));
            }
            Worker worker = identity.worker();
            if (!caller.workerId().equals(worker.workerId()) && !people.manages(caller.workerId(), worker)) {
                throw RequestProblems.forbidden("A worker asks for themselves, or a manager for their reports: "
                        + "you are neither for this worker.");
            }
            if (identity.lifecycle == LifecycleState.TERMINATED) {
                throw RequestProblems.conflict("worker-left", "The worker has left: nothing can be granted to them.");
            }
            PolicyStore.ActivePolicy active = policies.active();
            TargetPolicy target = active.document().targets().get(terms.targetId());
            RequestableGroup requestable = target.requestable().get(terms.group());
            List<String> rules = GrantEvaluator.grants(active.document(), WorkerFields.of(worker)::get)
                    .getOrDefault(terms.targetId(), java.util.Map.of()).get(terms.group());
            if (rules != null) {
                throw RequestProblems.conflict("already-granted", "The worker holds " + terms.group() + " in "
                        + terms.targetId() + " by birthright (rule " + String.join(", ", rules) + ").");
            }
            if (identities.openRequests(worker.workerId()).stream()
                    .anyMatch(r -> r.targetId().equals(terms.targetId()) && r.group().equals(terms.group()))) {
                throw RequestProblems.conflict("request-open", "The worker already has an open request for "
                        + terms.group() + " in " + terms.targetId() + ": it must end before another is made.");
            }
            UUID requestId = UUID.randomUUID();
            List<String> stages = new java.util.ArrayList<>(requestable.approvers());
            for (SeparationOfDuties.Violation violation : createdConflicts(active.document(), worker.workerId(),
                    terms.targetId(), terms.group())) {
                ConflictRule rule = active.document().conflicts().stream()
                        .filter(r -> r.id().equals(violation.ruleId())).findFirst().orElseThrow();
                if (rule.approveWith() == null) {
                    refuseConflict(caller, worker.workerId(), violation);
                }
                if (!stages.contains(rule.approveWith())) {
                    stages.add(rule.approveWith());
                }
                journal.conflict(requestId.toString(), caller, worker.workerId(), violation, "extra-stage",
                        "rule " + violation.ruleId() + " adds a stage decided by " + rule.approveWith());
            }
            AccessRequestEntity request = new AccessRequestEntity();
            request.requestId = requestId;
            request.beneficiaryId = worker.workerId();
            request.requestedBy = caller.workerId();
            request.requestedByName = caller.name();
            request.targetId = terms.targetId();
            request.group = terms.group();
            request.justification = terms.justification();
            request.startsAt = terms.startsAt();
            request.endsAt = terms.endsAt();
            request.state = RequestState.PENDING.name();
            request.stages = JsonColumns.write(stages);
            request.stage = 1;
            request.fallbackApprover = requestable.fallbackApprover();
            // kept as the policy wrote it (P3D rather than PT72H): the reason an expiry gives quotes it
            request.decisionTimeout = requestable.decisionTimeout() == null ? "P3D" : requestable.decisionTimeout();
            request.policyVersion = active.version();
            request.createdAt = clock.instant();
            em.persist(request);
            em.flush();
            identities.openRequests(worker.workerId()).add(open(request));
            journal.step(request, "requested", caller.workerId(), caller.name(), null, terms.justification(), null);
            startStage(request, 1, worker);
            return request;
        });
    }

    /**
     * The prevent rules the group would newly break, with the groups the worker holds (their accounts'
     * desired state) and those of their open requests.
     */
    private List<SeparationOfDuties.Violation> createdConflicts(PolicyDocument policy, String workerId, String targetId,
                                                                String group) {
        if (policy.conflicts().isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> held = new HashMap<>();
        for (AccountEntity account : identities.accounts(workerId)) {
            held.computeIfAbsent(account.targetId, t -> new HashSet<>())
                    .addAll(DesiredStates.Desired.read(account.desired).groups());
        }
        identities.openRequests(workerId).forEach(open ->
                held.computeIfAbsent(open.targetId(), t -> new HashSet<>()).add(open.group()));
        Set<String> before = SeparationOfDuties.ruleIds(SeparationOfDuties.violations(policy, held));
        held.computeIfAbsent(targetId, t -> new HashSet<>()).add(group);
        return SeparationOfDuties.violations(policy, held).stream()
                .filter(v -> v.prevents() && !before.contains(v.ruleId())).toList();
    }

    /** Refuses the request, the refusal kept as a fact in a transaction of its own (the request's rolls back). */
    private void refuseConflict(Caller caller, String workerId, SeparationOfDuties.Violation violation) {
        String detail = "The request would give " + workerId + " " + violation.held().stream()
                .map(e -> e.get(1) + " in " + e.get(0)).collect(java.util.stream.Collectors.joining(" and "))
                + ", which separation-of-duties rule " + violation.ruleId()
                + (violation.description() == null ? "" : " (" + violation.description() + ")") + " forbids together.";
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                journal.conflict(null, caller, workerId, violation, "refused", detail));
        throw RequestProblems.conflict("separation-of-duties", detail);
    }

    /** The current stage's approver approves: the next stage starts, or the request is approved. */
    @Transactional
    public AccessRequestEntity approve(Caller caller, UUID requestId, String comment) {
        return act(requestId, (request, identity) -> {
            checkDecider(caller, request);
            List<String> stages = stages(request);
            if (request.stage < stages.size()) {
                journal.step(request, "approved", caller.workerId(), caller.name(), null, comment, null);
                startStage(request, request.stage + 1, identity.worker());
                return request;
            }
            request.state = RequestState.APPROVED.name();
            request.approverId = null;
            request.approverGroup = null;
            request.decisionDueAt = null;
            replaceOpen(request);
            journal.step(request, "approved", caller.workerId(), caller.name(), null, comment, null);
            if (!request.startsAt.isAfter(clock.instant())) {
                grant(request, identity);
            } else {
                schedule.add(request.beneficiaryId, ActionType.GRANT_START, request.startsAt,
                        request.requestId.toString(), request.requestId.toString());
            }
            return request;
        });
    }

    /** The current stage's approver denies: nothing is granted. */
    @Transactional
    public AccessRequestEntity deny(Caller caller, UUID requestId, String comment) {
        return act(requestId, (request, identity) -> {
            checkDecider(caller, request);
            close(request, RequestState.DENIED, "denied", caller.workerId(), caller.name(), comment, null, identity);
            return request;
        });
    }

    /** Who asked (or the beneficiary) withdraws a request not granted yet. */
    @Transactional
    public AccessRequestEntity cancel(Caller caller, UUID requestId, String comment) {
        return act(requestId, (request, identity) -> {
            if (!caller.workerId().equals(request.requestedBy) && !caller.workerId().equals(request.beneficiaryId)) {
                throw RequestProblems.forbidden("Only who asked, or the worker it is for, cancels a request.");
            }
            RequestState state = RequestState.valueOf(request.state);
            if (state == RequestState.ACTIVE) {
                throw RequestProblems.conflict("request-granted", "The access is granted already: revoke it instead.");
            }
            if (!state.open()) {
                throw RequestProblems.notOpen(request);
            }
            close(request, RequestState.CANCELLED, "cancelled", caller.workerId(), caller.name(), comment, null, identity);
            return request;
        });
    }

    /**
     * Ends an approved or granted request before its end: by the worker it is for, a worker who approved
     * one of its stages, one of the worker's managers, or a policy administrator.
     */
    @Transactional
    public AccessRequestEntity revoke(Caller caller, UUID requestId, String comment) {
        return act(requestId, (request, identity) -> {
            boolean allowed = caller.admin() || caller.workerId() != null && (caller.workerId().equals(request.beneficiaryId)
                    || approvedBy(request, caller.workerId()) || people.manages(caller.workerId(), identity.worker()));
            if (!allowed) {
                throw RequestProblems.forbidden("A grant is revoked by the worker it is for, an approver of it, one of"
                        + " the worker's managers or a policy administrator.");
            }
            RequestState state = RequestState.valueOf(request.state);
            if (state != RequestState.ACTIVE && state != RequestState.APPROVED) {
                throw state == RequestState.PENDING
                        ? RequestProblems.conflict("request-pending", "The request is not approved yet: deny or cancel it.")
                        : RequestProblems.notOpen(request);
            }
            close(request, RequestState.ENDED, "ended", caller.workerId() == null ? caller.name() : caller.workerId(),
                    caller.name(), comment, "revoked by " + (caller.workerId() == null ? caller.name() : caller.workerId()),
                    identity);
            return request;
        });
    }

    /** Runs a request's due action, the beneficiary's identity locked by the caller. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void run(ActionType action, String payload, IdentityEntity identity) {
        String[] parts = payload.split("/");
        AccessRequestEntity request = em.find(AccessRequestEntity.class, UUID.fromString(parts[0]),
                LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            return;
        }
        RequestState state = RequestState.valueOf(request.state);
        Instant now = clock.instant();
        switch (action) {
            case REQUEST_DECISION_DUE -> {
                if (state == RequestState.PENDING && request.stage == Integer.parseInt(parts[1])) {
                    close(request, RequestState.EXPIRED, "expired", RequestJournal.SYSTEM, null, null,
                            "no decision within " + request.decisionTimeout + " at stage " + request.stage, identity);
                }
            }
            case GRANT_START -> {
                if (state == RequestState.APPROVED) {
                    grant(request, identity);
                }
            }
            case GRANT_END -> {
                if (state == RequestState.ACTIVE && !request.endsAt.isAfter(now)) {
                    close(request, RequestState.ENDED, "ended", RequestJournal.SYSTEM, null, null, "end reached",
                            identity);
                }
            }
            default -> throw new IllegalArgumentException(action + " is not an access request action");
        }
    }

    /**
     * An access review revoked the grant: the request ends with the reviewer as actor, and the caller
     * recomputes the worker's accounts (the beneficiary's identity locked by the caller).
     *
     * @return false when the request was no longer granted (ended meanwhile)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean endByReview(UUID requestId, String actor, String reason) {
        AccessRequestEntity request = em.find(AccessRequestEntity.class, requestId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null || !RequestState.ACTIVE.name().equals(request.state)
                && !RequestState.APPROVED.name().equals(request.state)) {
            return false;
        }
        close(request, RequestState.ENDED, "ended", actor, null, null, reason, null);
        return true;
    }

    /**
     * The worker left (or their hire was cancelled): every open request closes with the reason, before
     * the caller recomputes their accounts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void workerLeft(IdentityEntity identity, String reason) {
        for (OpenRequest open : List.copyOf(identities.openRequests(identity.workerId))) {
            closeOpen(open, identity, reason);
        }
    }

    /**
     * The worker moved: open requests close, except for groups the policy keeps on a move, before
     * the caller recomputes their accounts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void workerMoved(IdentityEntity identity, String reason) {
        var targets = policies.active().document().targets();
        for (OpenRequest open : List.copyOf(identities.openRequests(identity.workerId))) {
            TargetPolicy target = targets.get(open.targetId());
            RequestableGroup requestable = target == null ? null : target.requestable().get(open.group());
            if (requestable == null || !requestable.keepOnMove()) {
                closeOpen(open, identity, reason);
            }
        }
    }

    private void closeOpen(OpenRequest open, IdentityEntity identity, String reason) {
        AccessRequestEntity request = em.find(AccessRequestEntity.class, open.requestId(), LockModeType.PESSIMISTIC_WRITE);
        RequestState state = RequestState.valueOf(request.state);
        RequestState closed = state == RequestState.PENDING ? RequestState.CANCELLED : RequestState.ENDED;
        close(request, closed, closed == RequestState.CANCELLED ? "cancelled" : "ended", RequestJournal.SYSTEM, null,
                null, reason, null);
    }

    private void startStage(AccessRequestEntity request, int stage, Worker beneficiary) {
        String spec = stages(request).get(stage - 1);
        request.stage = stage;
        Optional<Approver> approver = routing.approverOf(spec, beneficiary, request.requestedBy,
                request.fallbackApprover);
        if (approver.isEmpty()) {
            close(request, RequestState.EXPIRED, "expired", RequestJournal.SYSTEM, null, null,
                    "nobody can decide stage " + stage + " (" + spec + "): no active approver other than who asked"
                            + " and the worker it is for", null);
            return;
        }
        request.approverId = approver.get().workerId();
        request.approverGroup = approver.get().group();
        request.decisionDueAt = clock.instant().plus(java.time.Duration.parse(request.decisionTimeout));
        schedule.add(request.beneficiaryId, ActionType.REQUEST_DECISION_DUE, request.decisionDueAt,
                request.requestId.toString(), request.requestId + "/" + stage);
        journal.step(request, "routed", RequestJournal.SYSTEM, null, approver.get(), null,
                "stage " + stage + " (" + spec + ") waits for the " + approver.get().via());
    }

    private void grant(AccessRequestEntity request, IdentityEntity identity) {
        request.state = RequestState.ACTIVE.name();
        request.grantedAt = clock.instant();
        replaceOpen(request);
        journal.step(request, "granted", RequestJournal.SYSTEM, null, null, null, null);
        planner.reconcile(identity, identity.worker(), request.requestId.toString(), "ACCESS_GRANTED");
        schedule.add(request.beneficiaryId, ActionType.GRANT_END, request.endsAt, request.requestId.toString(),
                request.requestId.toString());
    }

    /**
     * Closes the request; a grant that was active leaves the desired state, and when {@code identity}
     * is given the worker's accounts are recomputed at once (the lifecycle hooks recompute them themselves).
     */
    private void close(AccessRequestEntity request, RequestState state, String transition, String actor,
                       String actorName, String comment, String reason, IdentityEntity identity) {
        boolean wasActive = RequestState.ACTIVE.name().equals(request.state);
        request.state = state.name();
        request.closedAt = clock.instant();
        request.closeReason = reason != null ? reason : transition + " by " + actor;
        request.approverId = null;
        request.approverGroup = null;
        request.decisionDueAt = null;
        identities.openRequests(request.beneficiaryId).removeIf(o -> o.requestId().equals(request.requestId));
        journal.step(request, transition, actor, actorName, null, comment, reason);
        if (wasActive && identity != null) {
            planner.reconcile(identity, identity.worker(), request.requestId.toString(), "ACCESS_ENDED");
        }
    }

    private interface Step {
        AccessRequestEntity apply(AccessRequestEntity request, IdentityEntity identity);
    }

    /** Locks the beneficiary's identity, then the request, and applies the step to both. */
    private AccessRequestEntity act(UUID requestId, Step step) {
        @SuppressWarnings("unchecked")
        List<String> beneficiary = em.createNativeQuery("SELECT beneficiary_id FROM access_request WHERE request_id = ?1")
                .setParameter(1, requestId).getResultList();
        if (beneficiary.isEmpty()) {
            throw ProblemException.notFound(RequestProblems.NO_REQUEST);
        }
        return identities.batch(beneficiary, () -> {
            IdentityEntity identity = identities.lockIdentity(beneficiary.get(0));
            AccessRequestEntity request = em.find(AccessRequestEntity.class, requestId, LockModeType.PESSIMISTIC_WRITE);
            return step.apply(request, identity);
        });
    }

    /** The caller may decide the request's current stage, or the answer says why not. */
    private static void checkDecider(Caller caller, AccessRequestEntity request) {
        if (caller.workerId().equals(request.beneficiaryId) || caller.workerId().equals(request.requestedBy)) {
            throw RequestProblems.forbidden("Nobody approves or denies a request they made or that is for them.");
        }
        if (!RequestState.PENDING.name().equals(request.state)) {
            throw RequestProblems.notOpen(request);
        }
        boolean assigned = caller.workerId().equals(request.approverId)
                || request.approverGroup != null && caller.groups().contains(request.approverGroup);
        if (!assigned) {
            throw RequestProblems.forbidden("Stage " + request.stage + " of this request waits for "
                    + (request.approverId != null ? "worker " + request.approverId
                    : "a member of group " + request.approverGroup) + ", not for you.");
        }
    }

    private boolean approvedBy(AccessRequestEntity request, String workerId) {
        return !em.createNativeQuery("""
                        SELECT 1 FROM access_request_step WHERE request_id = ?1 AND action = 'approved' AND actor = ?2""")
                .setParameter(1, request.requestId).setParameter(2, workerId).getResultList().isEmpty();
    }

    private void replaceOpen(AccessRequestEntity request) {
        List<OpenRequest> open = identities.openRequests(request.beneficiaryId);
        open.removeIf(o -> o.requestId().equals(request.requestId));
        open.add(open(request));
    }

    private static OpenRequest open(AccessRequestEntity request) {
        return new OpenRequest(request.requestId, request.targetId, request.group, request.state);
    }

    static List<String> stages(AccessRequestEntity request) {
        return JsonColumns.strings(request.stages);
    }


    /** Whether HR changed the worker's position: what a move is for requested access. */
    public static boolean moved(Worker before, Worker after) {
        return !Objects.equals(before.department(), after.department())
                || !Objects.equals(before.jobTitle(), after.jobTitle())
                || !Objects.equals(before.jobCode(), after.jobCode())
                || !Objects.equals(before.location(), after.location())
                || before.workerType() != after.workerType();
    }
}
