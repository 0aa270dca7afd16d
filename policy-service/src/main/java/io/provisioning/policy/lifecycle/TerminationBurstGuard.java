package io.provisioning.policy.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.policy.TerminationHoldDecision;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>The window's count is shared by every consumer thread and instance: a transaction that
 * applies a termination locks the guard row, reads the count once, and keeps it for the rest of
 * the transaction.
 */
@ApplicationScoped
public class TerminationBurstGuard {

    private static final Logger LOG = Logger.getLogger(TerminationBurstGuard.class);
    /** Key of the transaction's window state. */
    private static final Object WINDOW = new Object();

    @Inject
    HeldTerminations store;

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

    /** What the current transaction knows of the window. */
    private static final class Window {
        int admitted;
        int threshold;
        long active;
        UUID openHold;
    }

    /**
     * Counts a termination event that is about to be applied, or says which hold it must wait in.
     *
     * @return the hold, or empty when the event may be applied now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> holdFor(HrEvent event) {
        if (!enabled || fromSnapshot(event)) {
            return Optional.empty();
        }
        Window state = window();
        Instant now = clock.instant();
        if (state.openHold == null && state.admitted < state.threshold) {
            state.admitted++;
            store.admit(now, now.minus(window));
            return Optional.empty();
        }
        if (state.openHold == null) {
            state.openHold = UUID.randomUUID();
            store.createHold(state.openHold, now, state.threshold, state.admitted, state.active, window.toString());
            outbox.enqueue(Topics.POLICY_CHANGES, state.openHold.toString(), new TerminationHoldDecision(
                    "termination-hold-" + state.openHold + "-held", now, "policy-service", state.openHold.toString(),
                    "HELD", 1, state.threshold, state.admitted, state.active, window.toString()));
            meters.counter("provisioning.policy.termination-holds", "decision", "HELD").increment();
            LOG.warnf("termination burst: %d terminations applied within %s (threshold %d of %d active identities);"
                    + " further terminations held in %s until an operator decides", state.admitted, window,
                    state.threshold, state.active, state.openHold);
        }
        return Optional.of(state.openHold);
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
     *                         those terminated within the window
     * @param openHold         the hold collecting terminations now; null if none
     */
    public record Status(boolean enabled, double maxShare, int maxCount, String window, int admittedInWindow,
                         long activeIdentities, int threshold, String openHold) {
    }

    @Transactional
    public Status status() {
        Instant now = clock.instant();
        int admitted = store.admittedSince(now.minus(window), now);
        long active = store.activeIdentities() + admitted;
        return new Status(enabled, maxShare, maxCount, window.toString(), admitted, active, threshold(active),
                store.openHold().map(UUID::toString).orElse(null));
    }

    private Window window() {
        Window state = (Window) transactions.getResource(WINDOW);
        if (state == null) {
            store.lockGuard();
            Instant now = clock.instant();
            state = new Window();
            state.openHold = store.openHold().orElse(null);
            state.admitted = store.admittedSince(now.minus(window), now);
            // the workforce as the window found it: a burst must not lower its own threshold as it goes
            state.active = store.activeIdentities() + state.admitted;
            state.threshold = threshold(state.active);
            transactions.putResource(WINDOW, state);
        }
        return state;
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
