package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.SodViolation;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.rules.SeparationOfDuties;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.JsonColumns;
import io.provisioning.policy.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps a worker's separation-of-duties violations in step with their desired state each time the
 * planner recomputes it: a violation that appears is recorded with its start and published
 * ({@code detected}), one that goes is removed and published ({@code resolved}). A violation a
 * prevent rule would have refused only gets here when someone allowed it (a confirmed activation).
 */
@ApplicationScoped
class ViolationTracker {

    @Inject
    IdentityRepository store;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    void follow(PolicyDocument policy, String workerId, List<DesiredStates.Planned> planned, String cause) {
        Map<String, Instant> recorded = store.violations(workerId);
        if (policy.conflicts().isEmpty() && recorded.isEmpty()) {
            return;
        }
        Map<String, List<String>> held = new HashMap<>();
        planned.forEach(plan -> held.put(plan.targetId(), plan.desired().groups()));
        List<SeparationOfDuties.Violation> now = SeparationOfDuties.violations(policy, held);
        for (SeparationOfDuties.Violation violation : now) {
            if (!recorded.containsKey(violation.ruleId())) {
                store.violationFound(workerId, violation.ruleId(), JsonColumns.write(violation.held()), cause);
                publish(workerId, cause, violation.ruleId(), violation.mode(), violation.held(), "detected",
                        "the desired state holds entitlements rule " + violation.ruleId() + " keeps apart");
            }
        }
        Set<String> current = SeparationOfDuties.ruleIds(now);
        for (String ruleId : List.copyOf(recorded.keySet())) {
            if (!current.contains(ruleId)) {
                Instant since = recorded.get(ruleId);
                store.violationGone(workerId, ruleId);
                publish(workerId, cause, ruleId, null, List.of(), "resolved",
                        "the desired state no longer breaks rule " + ruleId + " (broken since " + since + ")");
            }
        }
    }

    private void publish(String workerId, String cause, String ruleId, String mode, List<List<String>> held,
                         String outcome, String detail) {
        outbox.enqueue(Topics.POLICY_CHANGES, workerId, new SodViolation(UUID.randomUUID().toString(), clock.instant(),
                "policy-service", workerId, cause, ruleId, mode, held, outcome, detail));
    }

}
