package io.provisioning.policy.rules;

import io.provisioning.policy.lifecycle.DesiredStates.Desired;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.store.SnapshotReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Who breaks a separation-of-duties rule now: every identity's desired state (birthright and granted
 * access together, as the targets are told to hold it), with the groups the last reconciliation of
 * each target found accounts holding beyond it, read in one consistent snapshot, streamed.
 */
@ApplicationScoped
public class ViolationScan {

    static final String DESIRED = "desired";
    static final String RECONCILIATION = "reconciliation";

    @Inject
    DataSource dataSource;

    /**
     * A worker breaking a rule.
     *
     * @param since  when their desired state started breaking it, as recorded; null if it is not recorded
     *               (a worker not recomputed since the rule appeared, or a violation only the targets hold)
     * @param source {@code desired}: the desired state breaks it; {@code reconciliation}: only with what a
     *               reconciliation found the targets holding beyond the desired state
     */
    public record WorkerViolation(String workerId, String ruleId, String mode, String description,
                                  List<List<String>> entitlements, Instant since, String source) {
    }

    /** @param ruleId only this rule; null for every rule of the policy */
    public List<WorkerViolation> scan(PolicyDocument policy, String ruleId) {
        List<WorkerViolation> found = new ArrayList<>();
        if (policy.conflicts().isEmpty()) {
            return found;
        }
        SnapshotReads.read(dataSource, "the desired state for a violation scan", connection -> {
            Map<String, Instant> since = since(connection);
            Map<String, Map<String, Set<String>>> observed = ObservedAccessStore.all(connection);
            Set<String> seen = new HashSet<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT worker_id, target_id, desired FROM account WHERE desired_state = 'PRESENT'
                    ORDER BY worker_id COLLATE "C"
                    """)) {
                query.setFetchSize(SnapshotReads.FETCH_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    String current = null;
                    Map<String, List<String>> held = new HashMap<>();
                    while (rows.next()) {
                        String workerId = rows.getString(1);
                        if (current != null && !current.equals(workerId)) {
                            collect(policy, ruleId, current, held, observed, since, found);
                            seen.add(current);
                            held = new HashMap<>();
                        }
                        current = workerId;
                        held.put(rows.getString(2), Desired.read(rows.getString(3)).groups());
                    }
                    if (current != null) {
                        collect(policy, ruleId, current, held, observed, since, found);
                        seen.add(current);
                    }
                }
            }
            // accounts found holding groups though their desired state gives them none
            for (String workerId : new java.util.TreeSet<>(observed.keySet())) {
                if (!seen.contains(workerId)) {
                    collect(policy, ruleId, workerId, Map.of(), observed, since, found);
                }
            }
            found.sort(java.util.Comparator.comparing(WorkerViolation::workerId).thenComparing(WorkerViolation::ruleId));
        });
        return found;
    }

    /** When each recorded violation started, by worker id and rule id. */
    private static Map<String, Instant> since(java.sql.Connection connection) throws java.sql.SQLException {
        Map<String, Instant> since = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT worker_id, rule_id, since FROM sod_violation");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                since.put(rows.getString(1) + "\n" + rows.getString(2), rows.getTimestamp(3).toInstant());
            }
        }
        return since;
    }

    private static void collect(PolicyDocument policy, String ruleId, String workerId, Map<String, List<String>> held,
                                Map<String, Map<String, Set<String>>> observed, Map<String, Instant> since,
                                List<WorkerViolation> found) {
        Set<String> fromDesired = new HashSet<>();
        for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(policy, held)) {
            fromDesired.add(violation.ruleId());
            if (ruleId == null || ruleId.equals(violation.ruleId())) {
                found.add(new WorkerViolation(workerId, violation.ruleId(), violation.mode(), violation.description(),
                        violation.held(), since.get(workerId + "\n" + violation.ruleId()), DESIRED));
            }
        }
        Map<String, Set<String>> extra = observed.get(workerId);
        if (extra == null) {
            return;
        }
        Map<String, Set<String>> actual = new HashMap<>();
        held.forEach((target, groups) -> actual.put(target, new HashSet<>(groups)));
        extra.forEach((target, groups) -> actual.computeIfAbsent(target, t -> new HashSet<>()).addAll(groups));
        for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(policy, actual)) {
            if (!fromDesired.contains(violation.ruleId()) && (ruleId == null || ruleId.equals(violation.ruleId()))) {
                found.add(new WorkerViolation(workerId, violation.ruleId(), violation.mode(), violation.description(),
                        violation.held(), null, RECONCILIATION));
            }
        }
    }
}
