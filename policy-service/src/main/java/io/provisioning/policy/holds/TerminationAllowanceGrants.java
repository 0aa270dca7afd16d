package io.provisioning.policy.holds;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.OperatorAction;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.store.TerminationAllowances;
import io.provisioning.policy.store.TerminationAllowances.Allowance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Operators' allowances: a mass leaving known in advance (a site closing, a divestiture) is let
 * through the termination-burst guard up to a count until a time, instead of being held and
 * approved afterwards. Each grant and withdrawal is a fact on policy.changes with the operator's
 * name and reason. An allowance raises the threshold only: it decides no hold that is already open.
 */
@ApplicationScoped
public class TerminationAllowanceGrants {

    private static final Logger LOG = Logger.getLogger(TerminationAllowanceGrants.class);
    static final int MAX_TERMINATIONS = 1_000_000;
    static final int MAX_REASON = 500;

    @Inject
    TerminationAllowances store;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    /** How far ahead an allowance may end: a standing exemption would switch the guard off unseen. */
    @ConfigProperty(name = "provisioning.policy.guard.termination-burst.max-allowance", defaultValue = "P7D")
    Duration maxAllowance;

    /** What an operator asks for: how many more terminations, until when, and why. */
    public record Request(Integer terminations, Instant until, String reason) {
    }

    /** @throws ProblemException 400 naming each invalid field */
    @Transactional
    public Allowance grant(Request request, String actor) {
        Instant now = clock.instant();
        refuseInvalid(request, now);
        Allowance allowance = new Allowance(UUID.randomUUID(), request.terminations(), now, request.until(),
                request.reason().strip(), actor, null, null);
        store.grant(allowance);
        fact(allowance, "termination-allowance.granted", actor, now);
        meters.counter("provisioning.policy.termination-allowances", "action", "granted").increment();
        LOG.infof("termination allowance %s granted by %s: %d terminations until %s", allowance.allowanceId(), actor,
                allowance.terminations(), allowance.validUntil());
        return allowance;
    }

    /** @throws ProblemException 404 if unknown, 409 if withdrawn before */
    @Transactional
    public Allowance withdraw(UUID allowanceId, String actor) {
        Allowance allowance = store.find(allowanceId)
                .orElseThrow(() -> ProblemException.notFound("No termination allowance with that id"));
        Instant now = clock.instant();
        if (!store.withdraw(allowanceId, actor, now)) {
            throw new ProblemException(Problem.of("termination-allowance-withdrawn", "Termination allowance withdrawn",
                    409, "Termination allowance " + allowanceId + " was withdrawn at " + allowance.withdrawnAt()));
        }
        fact(allowance, "termination-allowance.withdrawn", actor, now);
        meters.counter("provisioning.policy.termination-allowances", "action", "withdrawn").increment();
        LOG.infof("termination allowance %s withdrawn by %s", allowanceId, actor);
        return store.find(allowanceId).orElseThrow();
    }

    private void refuseInvalid(Request request, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ProblemException.invalid("An allowance needs terminations, until and reason",
                    List.of(new Problem.FieldError(null, "", "must be a JSON object")));
        }
        if (request.terminations() == null || request.terminations() < 1 || request.terminations() > MAX_TERMINATIONS) {
            errors.add(new Problem.FieldError(null, "/terminations", "must be between 1 and " + MAX_TERMINATIONS));
        }
        if (request.until() == null || !request.until().isAfter(now)) {
            errors.add(new Problem.FieldError(null, "/until", "must be an instant in the future"));
        } else if (request.until().isAfter(now.plus(maxAllowance))) {
            errors.add(new Problem.FieldError(null, "/until", "must be at most " + maxAllowance + " ahead"));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            errors.add(new Problem.FieldError(null, "/reason", "must say why the terminations are expected"));
        } else if (request.reason().length() > MAX_REASON) {
            errors.add(new Problem.FieldError(null, "/reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid termination allowance", errors);
        }
    }

    private void fact(Allowance allowance, String action, String actor, Instant at) {
        outbox.enqueue(Topics.POLICY_CHANGES, allowance.allowanceId().toString(), new OperatorAction(
                "termination-allowance-" + allowance.allowanceId() + "-" + action.substring(action.lastIndexOf('.') + 1),
                at, actor, action, null,
                allowance.allowanceId().toString(), allowance.terminations() + " terminations until "
                        + allowance.validUntil() + ": " + allowance.reason()));
    }
}
