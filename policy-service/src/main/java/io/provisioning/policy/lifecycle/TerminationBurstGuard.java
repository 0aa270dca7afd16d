package io.provisioning.policy.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.policy.TerminationHoldDecision;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.TerminationAllowances;
import io.provisioning.policy.store.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds terminations that arrive as HR events faster than a real workforce loses people: once the
 * terminations applied within the sliding window reach the smaller of a share of the active
 * identities and a count, each further one waits in a hold until an operator approves or rejects
 * it. An HRIS fault that terminates thousands in a minute then costs nobody their access. A
 * snapshot's terminations are exempt: the snapshot passed its own guard, or an operator approved it.
 *
 * <p>The window is shared by every consumer thread and replica. A batch of events takes the
 * admissions it may need in a short transaction of its own under the guard row's lock, before it
 * is applied, and gives back what it did not use after: the long batch transactions never wait for
 * one another on the guard, and never hold a lock that a decision waits for.
 */
@ApplicationScoped
public class TerminationBurstGuard {

    private static final Logger LOG = Logger.getLogger(TerminationBurstGuard.class);
    /** Key of the transaction's admissions. */
    private static final Object ADMISSIONS = new Object();

    @Inject
    HeldTerminations store;

    @Inject
    TerminationAllowances allowances;

    @Inject
    Outbox outbox;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.policy.guard.termination-burst.enabled", defaultValue = "true")
    boolean enabled;

    /** The share of the active identities whose termination within the window is let through. */
    @ConfigProperty(name = "provisioning.policy.guard.termination-burst.max-share", defaultValue = "0.05")
    double maxShare;

    /** The most terminations let through within the window, whatever the workforce's size. */
    @ConfigProperty(name = "provisioning.policy.guard.termination-burst.max-count", defaultValue = "500")
    int maxCount;

    @ConfigProperty(name = "provisioning.policy.guard.termination-burst.window", defaultValue = "PT1H")
    Duration window;

    /**
     * Terminations a batch may apply, taken from the window before the batch's transaction, and the
     * hold for the rest (null when all fit).
     */
    public static final class Admissions {
        private final Instant minute;
        private int remaining;
        private int used;
        private UUID hold;

        Admissions(Instant minute, int remaining, UUID hold) {
            this.minute = minute;
            this.remaining = remaining;
            this.hold = hold;
        }
    }

    /**
     * Takes admissions for the terminations among the events, in a transaction of its own; the
     * caller applies the events with {@link #during} and gives back what they did not use with
     * {@link #giveBack}. Null when no event needs the guard.
     */
    public Admissions take(List<HrEvent> events) {
        int terminations = (int) events.stream().filter(this::guarded).count();
        return terminations == 0 ? null : QuarkusTransaction.requiringNew().call(() -> reserve(terminations));
    }

    /** Runs the work (the batch's transaction) with the admissions taken for it. */
    public <T> T during(Admissions admissions, java.util.concurrent.Callable<T> work) throws Exception {
        if (admissions == null) {
            return work.call();
        }
        CURRENT.set(admissions);
        try {
            return work.call();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Gives back the admissions the batch did not use: all of them when its transaction rolled back
     * (its events are then applied one by one, each taking its own). Never throws.
     */
    public void giveBack(Admissions admissions, boolean committed) {
        if (admissions == null) {
            return;
        }
        int unused = committed ? admissions.remaining : admissions.remaining + admissions.used;
        if (unused <= 0) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> store.admit(admissions.minute, -unused,
                    clock.instant().minus(window)));
        } catch (RuntimeException databaseAway) {
            // never fails the batch: the window keeps them counted, which only holds sooner
            LOG.warnf("termination burst guard: %d unused admissions stay counted (%s)", unused,
                    databaseAway.getClass().getSimpleName());
        }
    }

    /** The admissions of the batch being applied on this thread. */
    private static final ThreadLocal<Admissions> CURRENT = new ThreadLocal<>();

    /**
     * Counts a termination event that is about to be applied, or says which hold it must wait in.
     *
     * @return the hold, or empty when the event may be applied now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> holdFor(HrEvent event) {
        if (!guarded(event)) {
            return Optional.empty();
        }
        Admissions admissions = (Admissions) transactions.getResource(ADMISSIONS);
        if (admissions == null) {
            admissions = CURRENT.get();
            if (admissions == null) {
                // a single event (a batch split after a failure): admissions of its own
                admissions = QuarkusTransaction.requiringNew().call(() -> reserve(1));
            }
            transactions.putResource(ADMISSIONS, admissions);
        }
        if (admissions.remaining == 0 && admissions.hold == null) {
            // more terminations than the batch counted: one more admission, or the hold
            Admissions more = QuarkusTransaction.requiringNew().call(() -> reserve(1));
            admissions.remaining += more.remaining;
            admissions.hold = more.hold;
        }
        if (admissions.remaining > 0) {
            admissions.remaining--;
            admissions.used++;
            return Optional.empty();
        }
        return Optional.of(admissions.hold);
    }

    /** Under the guard row's lock: what of the window is left, taken; a hold opened for the rest. */
    private Admissions reserve(int terminations) {
        store.lockGuard();
        Instant now = clock.instant();
        UUID open = store.openHold().orElse(null);
        WindowCount count = count(now);
        int granted = open != null ? 0 : Math.max(0, Math.min(terminations, count.threshold() - count.admitted()));
        if (granted > 0) {
            store.admit(now, granted, now.minus(window));
        }
        if (granted < terminations && open == null) {
            open = openHold(now, count.threshold(), count.admitted() + granted, count.active());
        }
        return new Admissions(now, granted, open);
    }

    /** Opens the hold that collects terminations from now on, and says so on policy.changes. */
    private UUID openHold(Instant now, int threshold, int admitted, long active) {
        UUID hold = UUID.randomUUID();
        store.createHold(hold, now, threshold, admitted, active, window.toString());
        outbox.enqueue(Topics.POLICY_CHANGES, hold.toString(), new TerminationHoldDecision(
                "termination-hold-" + hold + "-held", now, "policy-service", hold.toString(), "HELD", 0, threshold,
                admitted, active, window.toString()));
        meters.counter("provisioning.policy.termination-holds", "decision", "HELD").increment();
        LOG.warnf("termination burst: %d terminations applied within %s (threshold %d of %d active identities);"
                + " further terminations held in %s until an operator decides", admitted, window, threshold, active,
                hold);
        return hold;
    }

    /**
     * The hold collecting terminations now, opened if there is none: for terminations that joined a
     * hold after it was decided.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID currentHold() {
        store.lockGuard();
        Instant now = clock.instant();
        Optional<UUID> open = store.openHold();
        if (open.isPresent()) {
            return open.get();
        }
        WindowCount count = count(now);
        return openHold(now, count.threshold(), count.admitted(), count.active());
    }

    /** What the window has admitted, the workforce its share is taken of, and the threshold that gives. */
    private record WindowCount(int admitted, long active, int allowed, int threshold) {
    }

    private WindowCount count(Instant now) {
        int admitted = store.admittedSince(now.minus(window), now);
        // the workforce as the window found it: a burst must not lower its own threshold as it goes
        long active = activeIdentities() + admitted;
        int allowed = allowances.allowedAt(now);
        return new WindowCount(admitted, active, allowed, (int) Math.min(Integer.MAX_VALUE, (long) threshold(active) + allowed));
    }

    /** Beyond this many, the share no longer decides the threshold: the count does. */
    private long activeIdentities() {
        long enough = maxShare <= 0 ? 0 : (long) Math.ceil(maxCount / maxShare) + 1;
        return enough == 0 ? 0 : store.activeIdentities(enough);
    }

    /** The most terminations the window admits: the smaller of the share of active identities and the count. */
    int threshold(long activeIdentities) {
        long byShare = (long) Math.ceil(maxShare * activeIdentities);
        return (int) Math.max(0, Math.min(byShare, maxCount));
    }

    /**
     * How close the window is to the threshold, for operators.
     *
     * @param admittedInWindow terminations applied within the window (since the last decision)
     * @param activeIdentities the workforce the share is taken of: identities not terminated, and
     *                         those terminated within the window (counted up to where the count decides)
     * @param allowed          terminations operators' allowances let through beyond the settings now
     * @param threshold        the terminations the window admits before it holds: the smaller of the share
     *                         and the count, plus what is allowed
     * @param openHold         the hold collecting terminations now; null if none
     */
    public record Status(boolean enabled, double maxShare, int maxCount, String window, int admittedInWindow,
                         long activeIdentities, int allowed, int threshold, String openHold) {
    }

    @Transactional
    public Status status() {
        Instant now = clock.instant();
        WindowCount count = count(now);
        return new Status(enabled, maxShare, maxCount, window.toString(), count.admitted(), count.active(),
                count.allowed(), count.threshold(), store.openHold().map(UUID::toString).orElse(null));
    }

    private boolean guarded(HrEvent event) {
        return enabled && event.type() == HrEventType.TERMINATED && !fromSnapshot(event);
    }

    /**
     * What a workforce snapshot published. hr-ingest refuses these ids and sources from publishers, so
     * an event cannot pose as a snapshot's to pass the guard.
     */
    private static boolean fromSnapshot(HrEvent event) {
        return event.id().startsWith(PayloadValidator.SNAPSHOT_EVENT_ID_PREFIX)
                && event.source() != null && event.source().startsWith(PayloadValidator.SNAPSHOT_SOURCE_PREFIX);
    }
}
