package io.provisioning.policy.holds;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.TerminationHoldDecision;
import io.provisioning.policy.store.HeldTerminations;
import io.provisioning.policy.store.HeldTerminations.Hold;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Operators' decisions on termination holds. A decision covers the terminations the hold has when it
 * is taken (one that joins later waits in the next hold), restarts the guard's window (what came
 * before has been looked at) and is published on policy.changes with the operator's name. The held
 * terminations are then released in the background ({@code HoldReleases}).
 */
@ApplicationScoped
public class TerminationHolds {

    private static final Logger LOG = Logger.getLogger(TerminationHolds.class);

    @Inject
    HeldTerminations store;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    /**
     * @param decision {@code APPROVED} or {@code REJECTED}
     * @throws ProblemException 404 if unknown, 409 if it is not HELD
     */
    @Transactional
    public Hold decide(UUID holdId, String decision, String actor) {
        Hold hold = store.find(holdId).orElseThrow(() -> ProblemException.notFound("No termination hold with that id"));
        Instant now = clock.instant();
        // the decision covers the terminations it sees; one that joins the hold after it waits in the next
        int covered = store.decide(holdId, decision, actor, now);
        if (covered < 0) {
            throw new ProblemException(Problem.of("termination-hold-not-held", "Termination hold not held", 409,
                    "Termination hold " + holdId + " is " + store.find(holdId).map(Hold::status).orElse(hold.status())
                            + "; only a HELD hold can be decided"));
        }
        if (covered == 0) {
            store.closeFinished(now); // nothing to release: closed now, not by a release batch
        }
        store.lockGuard();
        store.restartWindow(now);
        outbox.enqueue(Topics.POLICY_CHANGES, holdId.toString(), new TerminationHoldDecision(
                "termination-hold-" + holdId + "-" + decision.toLowerCase(java.util.Locale.ROOT), now, actor,
                holdId.toString(), decision, covered, hold.threshold(), hold.admittedInWindow(),
                hold.activeIdentities(), hold.window()));
        meters.counter("provisioning.policy.termination-holds", "decision", decision).increment();
        LOG.infof("termination hold %s %s by %s: %d terminations", holdId, decision, actor, covered);
        return store.find(holdId).orElseThrow();
    }
}
