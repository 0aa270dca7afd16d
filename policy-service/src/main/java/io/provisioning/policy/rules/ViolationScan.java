package io.provisioning.policy.rules;

import io.provisioning.policy.lifecycle.DesiredStates.Desired;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.store.SnapshotReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** A worker breaking a rule. */
    public record WorkerViolation(String workerId, String ruleId, String mode, String description,
                                  List<List<String>> entitlements) {
    }

    /** @param ruleId only this rule; null for every rule of the policy */
    public List<WorkerViolation> scan(PolicyDocument policy, String ruleId) {
        List<WorkerViolation> found = new ArrayList<>();
        if (policy.conflicts().isEmpty()) {
            return found;
        }
        SnapshotReads.read(dataSource, "the desired state for a violation scan", connection -> {
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
                            collect(policy, ruleId, current, held, found);
                            held = new HashMap<>();
                        }
                        current = workerId;
                        held.put(rows.getString(2), Desired.read(rows.getString(3)).groups());
                    }
                    if (current != null) {
                        collect(policy, ruleId, current, held, found);
                    }
                }
            }
        });
        return found;
    }

    private static void collect(PolicyDocument policy, String ruleId, String workerId, Map<String, List<String>> held,
                                List<WorkerViolation> found) {
        for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(policy, held)) {
            if (ruleId == null || ruleId.equals(violation.ruleId())) {
                found.add(new WorkerViolation(workerId, violation.ruleId(), violation.mode(), violation.description(),
                        violation.held()));
            }
        }
    }
}
