package io.provisioning.policy.rules;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.policy.ObservedAccess;
import io.provisioning.contracts.policy.SodViolation;
import io.provisioning.policy.lifecycle.DesiredStates;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.store.JsonColumns;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the last reconciliation of each target found accounts holding beyond their desired state.
 * Recording a run's part also checks its workers against the separation-of-duties rules: a rule
 * broken only with what the target really holds is an {@code sod.violation} fact (outcome
 * {@code observed}).
 */
@ApplicationScoped
public class ObservedAccessStore {

    @Inject
    EntityManager em;

    @Inject
    PolicyStore policies;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public void record(ObservedAccess observed) {
        if (observed.part() == 1) {
            em.createNativeQuery("DELETE FROM observed_access WHERE target_id = ?1")
                    .setParameter(1, observed.targetId()).executeUpdate();
        }
        for (ObservedAccess.Holding holding : observed.accounts()) {
            em.createNativeQuery("""
                            INSERT INTO observed_access (target_id, account_id, worker_id, groups, run_id, observed_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                            ON CONFLICT (target_id, account_id) DO UPDATE SET worker_id = EXCLUDED.worker_id,
                                groups = EXCLUDED.groups, run_id = EXCLUDED.run_id, observed_at = EXCLUDED.observed_at""")
                    .setParameter(1, observed.targetId()).setParameter(2, holding.accountId())
                    .setParameter(3, holding.workerId()).setParameter(4, JsonColumns.write(holding.groups()))
                    .setParameter(5, observed.runId()).setParameter(6, observed.time()).executeUpdate();
        }
        report(observed);
    }

    /** The rules the part's workers break only with what the target really holds, as facts. */
    private void report(ObservedAccess observed) {
        PolicyDocument policy = policies.active().document();
        if (policy.conflicts().isEmpty() || observed.accounts().isEmpty()) {
            return;
        }
        Map<String, Map<String, Set<String>>> desiredOf = desiredGroups(observed.accounts().stream()
                .map(ObservedAccess.Holding::workerId).distinct().toArray(String[]::new));
        for (ObservedAccess.Holding holding : observed.accounts()) {
            Map<String, Set<String>> desired = desiredOf.getOrDefault(holding.workerId(), Map.of());
            Set<String> before = SeparationOfDuties.ruleIds(SeparationOfDuties.violations(policy, desired));
            Map<String, Set<String>> actual = new HashMap<>();
            desired.forEach((target, groups) -> actual.put(target, new HashSet<>(groups)));
            actual.computeIfAbsent(observed.targetId(), t -> new HashSet<>()).addAll(holding.groups());
            for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(policy, actual)) {
                if (!before.contains(violation.ruleId())) {
                    outbox.enqueue(Topics.POLICY_CHANGES, holding.workerId(), new SodViolation(UUID.randomUUID().toString(),
                            clock.instant(), "system", holding.workerId(), observed.runId(), violation.ruleId(),
                            violation.mode(), violation.held(), "observed", "reconciliation " + observed.runId() + " found "
                            + holding.accountId() + " in " + observed.targetId() + " holding " + holding.groups()
                            + " beyond its desired state"));
                }
            }
        }
    }

    /** The groups the workers' accounts hold in their desired state: worker id to target id to groups. */
    private Map<String, Map<String, Set<String>>> desiredGroups(String[] workerIds) {
        Map<String, Map<String, Set<String>>> held = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT worker_id, target_id, desired FROM account
                        WHERE worker_id = ANY (?1) AND desired_state = 'PRESENT'""")
                .setParameter(1, workerIds).getResultList();
        rows.forEach(r -> held.computeIfAbsent((String) r[0], w -> new HashMap<>())
                .put((String) r[1], new HashSet<>(DesiredStates.Desired.read((String) r[2]).groups())));
        return held;
    }

    /** Worker id to target id to the groups the last reconciliations found beyond the desired state. */
    static Map<String, Map<String, Set<String>>> all(Connection c) throws SQLException {
        Map<String, Map<String, Set<String>>> found = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT worker_id, target_id, groups FROM observed_access");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                found.computeIfAbsent(rs.getString(1), w -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), t -> new HashSet<>()).addAll(JsonColumns.strings(rs.getString(3)));
            }
        }
        return found;
    }


}
