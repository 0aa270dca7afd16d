package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Records on each account what its connector reported. An outcome of an older command than the
 * one last reported never overwrites a newer one; an outcome of a command this service never issued
 * (a sequence above the account's last) changes nothing, so that a command written to a target's
 * topic by anyone else cannot make the account's later outcomes look older than its own.
 *
 * <p>Plain JDBC on the report's own columns: a poll's accounts are locked and read with one
 * statement and written back with another. Loading them as entities and letting the session find
 * what changed cost more than a quarter of the service's CPU under a stream of joiners.
 */
@ApplicationScoped
public class AccountStatusUpdater {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Transactional
    public void apply(ProvisioningOutcome outcome) {
        applyAll(List.of(outcome));
    }

    /** Records a poll's worth of outcomes in one transaction, in order. */
    @Transactional
    public void applyAll(List<ProvisioningOutcome> outcomes) {
        String[] workers = outcomes.stream().map(ProvisioningOutcome::workerId).distinct().sorted()
                .toArray(String[]::new);
        try (Connection c = dataSource.getConnection()) {
            Map<String, Report> accounts = lock(c, workers);
            for (ProvisioningOutcome outcome : outcomes) {
                Report account = accounts.get(key(outcome.workerId(), outcome.targetId()));
                if (account != null) {
                    account.record(outcome);
                }
            }
            write(c, accounts.values().stream().filter(r -> r.changed).toList());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record outcomes", e);
        }
    }

    /** The workers' accounts, locked in one order (two polls never wait for each other in a circle). */
    private static Map<String, Report> lock(Connection c, String[] workers) throws SQLException {
        Map<String, Report> accounts = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT worker_id, target_id, applied_sequence, status,"
                + " last_error, actual_groups, sequence FROM account WHERE worker_id = ANY (?)"
                + " ORDER BY worker_id, target_id FOR UPDATE")) {
            select.setArray(1, c.createArrayOf("text", workers));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Report r = new Report(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7));
                    accounts.put(key(r.workerId, r.targetId), r);
                }
            }
        }
        return accounts;
    }

    private void write(Connection c, List<Report> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        int n = changed.size();
        String[] workers = new String[n];
        String[] targets = new String[n];
        Long[] sequences = new Long[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            Report r = changed.get(i);
            workers[i] = r.workerId;
            targets[i] = r.targetId;
            sequences[i] = r.appliedSequence;
            statuses[i] = r.status;
            errors[i] = r.lastError;
            groups[i] = r.actualGroups;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE account a SET applied_sequence = u.applied_sequence,"
                + " status = u.status, last_error = u.last_error, actual_groups = u.actual_groups, updated_at = ?"
                + " FROM unnest(?, ?, ?, ?, ?, ?) AS u(worker_id, target_id, applied_sequence, status, last_error,"
                + " actual_groups) WHERE a.worker_id = u.worker_id AND a.target_id = u.target_id")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setArray(2, c.createArrayOf("text", workers));
            update.setArray(3, c.createArrayOf("text", targets));
            update.setArray(4, c.createArrayOf("bigint", sequences));
            update.setArray(5, c.createArrayOf("text", statuses));
            update.setArray(6, c.createArrayOf("text", errors));
            update.setArray(7, c.createArrayOf("text", groups));
            update.executeUpdate();
        }
    }

    private static String key(String workerId, String targetId) {
        return workerId + '\u0000' + targetId;
    }

    /** What an account holds of its connector's reports, as read and as the poll's outcomes change it. */
    private static final class Report {
        final String workerId;
        final String targetId;
        long appliedSequence;
        String status;
        String lastError;
        String actualGroups;
        /** The sequence of the last command issued for the account. */
        final long issuedSequence;
        boolean changed;

        Report(String workerId, String targetId, long appliedSequence, String status, String lastError,
                String actualGroups, long issuedSequence) {
            this.workerId = workerId;
            this.targetId = targetId;
            this.appliedSequence = appliedSequence;
            this.status = status;
            this.lastError = lastError;
            this.actualGroups = actualGroups;
            this.issuedSequence = issuedSequence;
        }

        void record(ProvisioningOutcome outcome) {
            if (outcome.sequence() < appliedSequence || outcome.sequence() > issuedSequence) {
                return;
            }
            changed = true;
            appliedSequence = outcome.sequence();
            switch (outcome.status()) {
                case APPLIED, NOOP -> {
                    status = switch (outcome.state()) {
                        case PRESENT -> "ACTIVE";
                        case DISABLED -> "DISABLED";
                        case ABSENT -> "DELETED";
                    };
                    lastError = null;
                    actualGroups = json(outcome);
                }
                case FAILED -> {
                    status = "FAILED";
                    lastError = outcome.errorCode() + ": " + outcome.error();
                }
                case CONFLICT -> {
                    status = "CONFLICT";
                    lastError = outcome.errorCode() + ": " + outcome.error();
                }
                case RETRYING -> lastError = outcome.errorCode() + ": " + outcome.error() + " (retrying)";
            }
        }

        private static String json(ProvisioningOutcome outcome) {
            try {
                return MAPPER.writeValueAsString(outcome.groups());
            } catch (JsonProcessingException e) {
                return "[]";
            }
        }
    }
}
