package io.provisioning.connector.reconciliation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's desired state, spooled in PostgreSQL: the desired-state topic is written here as it is
 * read, a page of the target's accounts takes its matches out, and what is left at the end is
 * missing. A run's memory is then one page, whatever the size of the target.
 */
@ApplicationScoped
public class DesiredSpool {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    AgroalDataSource dataSource;

    /**
     * Writes one poll's records, in order: a command replaces the worker's unless it is older, a
     * tombstone (null) removes it.
     *
     * @param commands   worker key to the newest command of the poll for that worker
     * @param tombstones worker keys whose newest record of the poll is a tombstone
     */
    void write(String runId, Map<String, ProvisioningCommand> commands, Collection<String> tombstones) {
        try (Connection c = dataSource.getConnection()) {
            if (!tombstones.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement(
                        "delete from reconciliation_desired where run_id = ? and worker_key = any(?)")) {
                    delete.setString(1, runId);
                    delete.setArray(2, c.createArrayOf("text", tombstones.toArray()));
                    delete.executeUpdate();
                }
            }
            if (commands.isEmpty()) {
                return;
            }
            try (PreparedStatement upsert = c.prepareStatement("""
                    insert into reconciliation_desired (run_id, worker_key, account_key, sequence, command)
                    values (?, ?, ?, ?, ?)
                    on conflict (run_id, worker_key) do update set account_key = excluded.account_key,
                        sequence = excluded.sequence, command = excluded.command
                    where reconciliation_desired.sequence <= excluded.sequence""")) {
                for (Map.Entry<String, ProvisioningCommand> entry : commands.entrySet()) {
                    upsert.setString(1, runId);
                    upsert.setString(2, entry.getKey());
                    upsert.setString(3, entry.getValue().accountId().toLowerCase());
                    upsert.setLong(4, entry.getValue().sequence());
                    upsert.setString(5, MAPPER.writeValueAsString(entry.getValue()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot spool the desired state of run " + runId, e);
        }
    }

    /** Takes the desired accounts of these (lower-cased) account ids out of the spool. */
    Map<String, ProvisioningCommand> take(String runId, Collection<String> accountKeys) {
        if (accountKeys.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("""
                        delete from reconciliation_desired where run_id = ? and account_key = any(?)
                        returning account_key, command""")) {
            delete.setString(1, runId);
            delete.setArray(2, c.createArrayOf("text", accountKeys.toArray()));
            return commandsByAccount(delete.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the spooled desired state of run " + runId, e);
        }
    }

    /** The next desired accounts left in the spool, in account order after {@code afterKey} (null: from the start). */
    Map<String, ProvisioningCommand> remaining(String runId, String afterKey, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        select account_key, command from reconciliation_desired
                        where run_id = ? and account_key > ? order by account_key limit ?""")) {
            select.setString(1, runId);
            select.setString(2, afterKey == null ? "" : afterKey);
            select.setInt(3, limit);
            return commandsByAccount(select.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the spooled desired state of run " + runId, e);
        }
    }

    long count(String runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select count(*) from reconciliation_desired where run_id = ?")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the spooled desired state of run " + runId, e);
        }
    }

    /** Drops a run's spool; with null, the spools of every run that is no longer running. */
    void drop(String runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(runId == null
                        ? """
                          delete from reconciliation_desired d where not exists (select 1 from reconciliation_run r
                          where r.run_id = d.run_id and r.status = 'RUNNING')"""
                        : "delete from reconciliation_desired where run_id = ?")) {
            if (runId != null) {
                delete.setString(1, runId);
            }
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the spooled desired state", e);
        }
    }

    /** Rows of (account key, command), in their order; closes the result set. */
    private static Map<String, ProvisioningCommand> commandsByAccount(ResultSet rows) throws SQLException {
        try (rows) {
            Map<String, ProvisioningCommand> commands = new LinkedHashMap<>();
            while (rows.next()) {
                commands.put(rows.getString(1), read(rows.getString(2)));
            }
            return commands;
        }
    }

    private static ProvisioningCommand read(String json) {
        try {
            return MAPPER.readValue(json, ProvisioningCommand.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a spooled command is unreadable", e);
        }
    }
}
