package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.LeaveChange;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.policy.requests.AccessRequests;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.PolicyStore;
import io.provisioning.policy.store.ScheduledActionEntity;
import io.provisioning.policy.store.WorkerJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The joiner / mover / leaver engine: applies one HR event or one due scheduled action to an
 * identity, in one transaction with the commands it causes. Events of one worker arrive in order
 * (one partition); the identity row is locked so that the scheduler never races the consumer.
 */
@ApplicationScoped
public class LifecycleService {

    @Inject
    AccountPlanner planner;

    @Inject
    Schedule schedule;

    @Inject
    PolicyStore policies;

    @Inject
    IdentityJournal journal;

    @Inject
    IdentityRepository store;

    @Inject
    TerminationBurstGuard burstGuard;

    @Inject
    AccessRequests requests;

    @Inject
    Clock clock;

    /**
     * Applies an HR event, unless it was processed before (same id) or is older than the last
     * change applied to the worker (stale: recorded and published, nothing rolled back). Events of
     * one worker arrive in the order hr-ingest accepted them (one partition), so among equal times
     * the one that arrives later is the later change: only a strictly earlier time is stale.
     *
     * @return what was done, for logs and metrics
     */
    @Transactional
    public String handle(HrEvent event) {
        if (!journal.firstTime(event.id())) {
            return "duplicate";
        }
        return apply(event, true);
    }

    /**
     * Applies a termination an operator approved after the burst guard held it. It was recorded as
     * processed when it arrived; it is judged against the worker as they are now (a later change
     * makes it stale).
     */
    @Transactional
    public String release(HrEvent event) {
        return apply(event, false);
    }

    private String apply(HrEvent event, boolean guarded) {
        IdentityEntity identity = store.lockIdentity(event.workerId());
        Instant eventTime = event.time().toInstant();
        if (identity != null && isStale(identity, eventTime)) {
            journal.ignoredAsStale(identity, event);
            return "stale";
        }
        if (identity == null && !(event.data() instanceof WorkerChange)) {
            journal.unknownWorker(event);
            return "unknown-worker";
        }
        if (guarded && event.type() == HrEventType.TERMINATED && identity.lifecycle != LifecycleState.TERMINATED) {
            Optional<UUID> hold = burstGuard.holdFor(event);
            if (hold.isPresent()) {
                journal.held(identity, event, hold.get());
                return "held";
            }
        }
        if (identity == null) {
            identity = create(event);
        }
        LifecycleState before = identity.lifecycle;
        identity.lastEventTime = eventTime;
        identity.lastEventId = event.id();
        identity.error = null;
        switch (event.type()) {
            case HIRED, REHIRED -> hire((WorkerChange) event.data(), identity, event.id(), event.type().wireName());
            case UPDATED -> update((WorkerChange) event.data(), identity, event.id());
            case TERMINATED -> terminate((Termination) event.data(), identity, event.id());
            case LEAVE_STARTED -> leave((LeaveChange) event.data(), identity, event.id(), ActionType.START_LEAVE);
            case LEAVE_ENDED -> leave((LeaveChange) event.data(), identity, event.id(), ActionType.END_LEAVE);
        }
        identity.updatedAt = clock.instant();
        journal.record(identity, event.id(), event.type().wireName(), before, identity.lifecycle, null);
        if (event.data() instanceof WorkerChange change && change.worker().managerId() != null
                && !store.hasIdentity(change.worker().managerId())) {
            journal.failure(identity, event.id(), "unknown manager " + change.worker().managerId(), true);
        }
        return "applied";
    }

    /** Runs a due scheduled action (claimed by the caller with a row lock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void run(ScheduledActionEntity action) {
        IdentityEntity identity = store.lockIdentity(action.workerId);
        if (identity == null) {
            return;
        }
        LifecycleState before = identity.lifecycle;
        Worker worker = identity.worker();
        String cause = action.correlationId;
        switch (action.action) {
            case ACTIVATE -> activate(identity, worker, cause);
            case APPLY_UPDATE -> applyUpdate(identity, WorkerJson.read(action.payload), cause);
            case START_LEAVE -> startLeave(identity, worker, cause);
            case END_LEAVE -> endLeave(identity, worker, cause);
            case TERMINATE -> terminateNow(identity, worker, action.dueAt, cause, "LEAVER");
            case EXPIRE -> terminateNow(identity, worker, action.dueAt, cause, "CONTRACT_END");
            case NOTIFY_EXPIRY -> journal.announceExpiry(identity, worker, dates(worker).endOf(worker.endDate()), cause);
            case SPONSOR_LEFT -> sponsorLeft(identity, worker, action.payload, cause);
            case EXPIRE_UNSPONSORED -> terminateNow(identity, worker, action.dueAt, cause, "SPONSOR_LEFT");
            case DELETE_ACCOUNTS -> {
                identity.accountsDeleted = true;
                planner.reconcile(identity, worker, cause, "DELETE_AFTER_GRACE");
            }
            case REQUEST_DECISION_DUE, GRANT_START, GRANT_END -> requests.run(action.action, action.payload, identity);
        }
        identity.updatedAt = clock.instant();
        journal.record(identity, cause, action.action.name(), before, identity.lifecycle, "scheduled action " + action.id);
    }

    private void hire(WorkerChange change, IdentityEntity identity, String cause, String kind) {
        Worker worker = change.worker();
        boolean rehire = identity.lifecycle == LifecycleState.TERMINATED || kind.equals("hr.worker.rehired");
        recordSponsor(identity, worker, true);
        identity.worker(worker);
        if (contractEnded(worker)) {
            // a contract that ended already (HR sends it late, or a rehire of a past contract): never an enabled account
            if (identity.lifecycle != LifecycleState.TERMINATED) {
                terminateNow(identity, worker, dates(worker).endOf(worker.endDate()), cause, "CONTRACT_END");
            }
            return;
        }
        schedule.cancel(identity.workerId, ActionType.LIFECYCLE);
        if (rehire) {
            identity.accountsDeleted = false;
        }
        Instant start = dates(worker).startOf(worker.startDate());
        scheduleContractEnd(identity, worker, cause);
        if (!start.isAfter(clock.instant())) {
            activate(identity, worker, cause);
        } else {
            identity.lifecycle = LifecycleState.PRE_HIRE;
            planner.reconcile(identity, worker, cause, rehire ? "REHIRE_PENDING" : "JOINER_PENDING");
            schedule.add(identity.workerId, ActionType.ACTIVATE, start, cause, null);
        }
    }

    private void update(WorkerChange change, IdentityEntity identity, String cause) {
        Worker worker = change.worker();
        if (change.effectiveDate() != null && dates(worker).startOf(change.effectiveDate()).isAfter(clock.instant())) {
            schedule.add(identity.workerId, ActionType.APPLY_UPDATE, dates(worker).startOf(change.effectiveDate()),
                    cause, WorkerJson.write(worker));
            return;
        }
        applyUpdate(identity, worker, cause);
    }

    private void applyUpdate(IdentityEntity identity, Worker worker, String cause) {
        Worker previous = identity.worker();
        recordSponsor(identity, worker, false);
        identity.worker(worker);
        if (identity.lifecycle == LifecycleState.TERMINATED) {
            return; // a leaver's record is kept up to date, their access is not restored
        }
        if (AccessRequests.moved(previous, worker)) {
            store.endExclusions(identity.workerId);
            requests.workerMoved(identity, "the worker moved (" + previous.department() + ", " + previous.jobTitle()
                    + " → " + worker.department() + ", " + worker.jobTitle() + ")");
        }
        if (!java.util.Objects.equals(previous.sponsorId(), worker.sponsorId())) {
            // HR named another sponsor: access no longer ends for the one who left
            schedule.cancel(identity.workerId, ActionType.SPONSOR_LEFT, ActionType.EXPIRE_UNSPONSORED);
        }
        if (!java.util.Objects.equals(previous.endDate(), worker.endDate())
                || previous.workerType() != worker.workerType()) {
            schedule.cancel(identity.workerId, ActionType.EXPIRE, ActionType.NOTIFY_EXPIRY);
            scheduleContractEnd(identity, worker, cause);
        }
        if (identity.lifecycle == LifecycleState.PRE_HIRE && !previous.startDate().equals(worker.startDate())) {
            schedule.cancel(identity.workerId, ActionType.ACTIVATE);
            Instant start = dates(worker).startOf(worker.startDate());
            if (!start.isAfter(clock.instant())) {
                activate(identity, worker, cause);
                return;
            }
            schedule.add(identity.workerId, ActionType.ACTIVATE, start, cause, null);
        }
        planner.reconcile(identity, worker, cause, "MOVER");
    }

    private void terminate(Termination termination, IdentityEntity identity, String cause) {
        Worker worker = identity.worker();
        Instant instant = dates(worker).startOf(termination.effectiveDate());
        Instant start = dates(worker).startOf(worker.startDate());
        if (identity.lifecycle == LifecycleState.PRE_HIRE && !instant.isAfter(start)) {
            // a termination before the first day cancels the hire: nothing was ever provisioned
            schedule.cancel(identity.workerId, ActionType.LIFECYCLE);
            identity.lifecycle = LifecycleState.TERMINATED;
            requests.workerLeft(identity, "the hire was cancelled");
            store.endExclusions(identity.workerId);
            planner.reconcile(identity, worker, cause, "HIRE_CANCELLED");
            return;
        }
        schedule.cancel(identity.workerId, ActionType.TERMINATE);
        if (!instant.isAfter(clock.instant())) {
            terminateNow(identity, worker, instant, cause, "LEAVER");
        } else {
            schedule.add(identity.workerId, ActionType.TERMINATE, instant, cause, null);
        }
    }

    private void terminateNow(IdentityEntity identity, Worker worker, Instant instant, String cause, String reason) {
        if (identity.lifecycle == LifecycleState.TERMINATED) {
            return;
        }
        schedule.cancel(identity.workerId, ActionType.ACTIVATE, ActionType.APPLY_UPDATE, ActionType.START_LEAVE,
                ActionType.END_LEAVE, ActionType.TERMINATE, ActionType.EXPIRE, ActionType.NOTIFY_EXPIRY,
                ActionType.SPONSOR_LEFT, ActionType.EXPIRE_UNSPONSORED);
        identity.lifecycle = LifecycleState.TERMINATED;
        requests.workerLeft(identity, "the worker left (" + reason + ")");
        store.endExclusions(identity.workerId);
        planner.reconcile(identity, worker, cause, reason);
        Instant deletion = dates(worker).deletionAfter(instant);
        schedule.add(identity.workerId, ActionType.DELETE_ACCOUNTS, deletion, cause, null);
        for (String sponsored : store.sponsoredBy(identity.workerId)) {
            schedule.add(sponsored, ActionType.SPONSOR_LEFT, clock.instant(), cause, identity.workerId);
        }
    }

    /**
     * The worker's sponsor left: unless HR has named another meanwhile, the manager and the sponsor
     * are told, and access ends after the policy's days (or at the contract's end, if that is sooner).
     */
    private void sponsorLeft(IdentityEntity identity, Worker worker, String formerSponsor, String cause) {
        if (identity.lifecycle == LifecycleState.TERMINATED || !java.util.Objects.equals(formerSponsor, worker.sponsorId())) {
            return;
        }
        EffectiveDates dates = dates(worker);
        Instant end = dates.sponsorlessAfter(clock.instant());
        if (worker.endDate() != null && !dates.endOf(worker.endDate()).isAfter(end)) {
            return; // the contract ends sooner anyway, with its own notice
        }
        schedule.cancel(identity.workerId, ActionType.EXPIRE_UNSPONSORED);
        schedule.add(identity.workerId, ActionType.EXPIRE_UNSPONSORED, end, cause, formerSponsor);
        journal.announceSponsorLeft(identity, worker, formerSponsor, end, cause);
    }

    /** Keeps the sponsorship table in step: on a hire (the record may be new) or when the sponsor changed. */
    private void recordSponsor(IdentityEntity identity, Worker worker, boolean hire) {
        String previous = identity.worker().sponsorId();
        if ((hire && worker.sponsorId() != null) || !java.util.Objects.equals(previous, worker.sponsorId())) {
            store.sponsor(identity.workerId, worker.sponsorId());
        }
    }

    /** Whether the worker's contract (any worker type) has ended by now. */
    private boolean contractEnded(Worker worker) {
        return worker.endDate() != null && !dates(worker).endOf(worker.endDate()).isAfter(clock.instant());
    }

    private void leave(LeaveChange leave, IdentityEntity identity, String cause, ActionType action) {
        Worker worker = identity.worker();
        Instant instant = dates(worker).startOf(leave.effectiveDate());
        if (instant.isAfter(clock.instant())) {
            schedule.add(identity.workerId, action, instant, cause, null);
        } else if (action == ActionType.START_LEAVE) {
            startLeave(identity, worker, cause);
        } else {
            endLeave(identity, worker, cause);
        }
    }

    private void activate(IdentityEntity identity, Worker worker, String cause) {
        if (identity.lifecycle == LifecycleState.ON_LEAVE) {
            return;
        }
        if (contractEnded(worker)) {
            terminateNow(identity, worker, dates(worker).endOf(worker.endDate()), cause, "CONTRACT_END");
            return;
        }
        boolean rehire = identity.lifecycle == LifecycleState.TERMINATED;
        identity.lifecycle = LifecycleState.ACTIVE;
        planner.reconcile(identity, worker, cause, rehire ? "REHIRE" : "JOINER");
    }

    private void startLeave(IdentityEntity identity, Worker worker, String cause) {
        if (identity.lifecycle == LifecycleState.ACTIVE) {
            identity.lifecycle = LifecycleState.ON_LEAVE;
            planner.reconcile(identity, worker, cause, "LEAVE_STARTED");
        }
    }

    private void endLeave(IdentityEntity identity, Worker worker, String cause) {
        if (identity.lifecycle == LifecycleState.ON_LEAVE) {
            identity.lifecycle = LifecycleState.ACTIVE;
            planner.reconcile(identity, worker, cause, "LEAVE_ENDED");
        }
    }

    /**
     * Every worker with an end date (a contractor's, an intern's, a vendor's, an employee's fixed term)
     * loses access at the end of it, with notice before.
     */
    private void scheduleContractEnd(IdentityEntity identity, Worker worker, String cause) {
        if (worker.endDate() == null) {
            return;
        }
        EffectiveDates dates = dates(worker);
        Instant end = dates.endOf(worker.endDate());
        schedule.add(identity.workerId, ActionType.EXPIRE, end, cause, null);
        Instant notice = dates.noticeBefore(end);
        if (notice.isAfter(clock.instant())) {
            schedule.add(identity.workerId, ActionType.NOTIFY_EXPIRY, notice, cause, null);
        }
    }

    /** Never by event id: ids are random, and comparing them dropped a later change of the same second. */
    private static boolean isStale(IdentityEntity identity, Instant time) {
        return identity.lastEventTime != null && time.isBefore(identity.lastEventTime);
    }

    private IdentityEntity create(HrEvent event) {
        IdentityEntity identity = IdentityEntity.of(((WorkerChange) event.data()).worker(), LifecycleState.PRE_HIRE,
                clock.instant());
        store.create(identity);
        return identity;
    }

    EffectiveDates dates(Worker worker) {
        return new EffectiveDates(policies.active().document().lifecycle(), worker.location());
    }
}
