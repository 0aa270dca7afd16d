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
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Who breaks a separation-of-duties rule now: every identity's desired state (birthright and granted
 * access together, as the targets are told to hold it) read in one consistent snapshot, streamed.
 */
@ApplicationScoped
public class ViolationScan {

    @Inject
    DataSource dataSource;

    /**
     * A worker breaking a rule.
     *
     * @param since when their desired state started breaking it, as recorded; null if it is not recorded
     *              (a worker not recomputed since the rule appeared)
     */
    public record WorkerViolation(String workerId, String ruleId, String mode, String description,
                                  List<List<String>> entitlements, Instant since) {
    }

    /** @param ruleId only this rule; null for every rule of the policy */
    public List<WorkerViolation> scan(PolicyDocument policy, String ruleId) {
        List<WorkerViolation> found = new ArrayList<>();
        if (policy.conflicts().isEmpty()) {
            return found;
        }
        SnapshotReads.read(dataSource, "the desired state for a violation scan", connection -> {
            Map<String, Instant> since = since(connection);
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
                            collect(policy, ruleId, current, held, since, found);
                            held = new HashMap<>();
                        }
                        current = workerId;
                        held.put(rows.getString(2), Desired.read(rows.getString(3)).groups());
                    }
                    if (current != null) {
                        collect(policy, ruleId, current, held, since, found);
                    }
                }
            }
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
                                Map<String, Instant> since, List<WorkerViolation> found) {
        for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(policy, held)) {
            if (ruleId == null || ruleId.equals(violation.ruleId())) {
                found.add(new WorkerViolation(workerId, violation.ruleId(), violation.mode(), violation.description(),
                        violation.held(), since.get(workerId + "\n" + violation.ruleId())));
            }
        }
    }
}
