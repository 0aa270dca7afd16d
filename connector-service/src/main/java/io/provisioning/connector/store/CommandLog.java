package io.provisioning.connector.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector's memory of commands (command_log, account_sequence, dead_letter): which were
 * settled, the newest sequence applied per account, and the dead letters. Plain JDBC in batches,
 * one round trip per question for a whole poll of commands.
 */
@ApplicationScoped
public class CommandLog {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /** The recorded status (APPLIED, NOOP, FAILED) of those of the commands that were settled before. */
    public Map<String, String> statuses(Collection<String> commandIds) {
        Map<String, String> statuses = new HashMap<>();
        if (commandIds.isEmpty()) {
            return statuses;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select command_id, status from command_log where command_id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", commandIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getString(2));
                }
            }
            return statuses;
        } catch (SQLException e) {
            throw new IllegalStateException("reading command_log failed: " + e.getSQLState(), e);
        }
    }

    /** The newest sequence applied to each of the accounts that has one. */
    /**
     * Marks an account as the product's (an operator linked it to a worker): commands may then
     * change it although it existed before. Sequence 0 is below any command's, so none is stale.
     */
    public void adopt(String targetId, String accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into account_sequence (target_id, account_id, last_sequence) values (?, ?, 0)
                        on conflict (target_id, account_id) do nothing""")) {
            insert.setString(1, targetId);
            insert.setString(2, accountId);
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot record the linked account " + accountId, e);
        }
    }

    public Map<String, Long> lastSequences(String targetId, Collection<String> accountIds) {
        Map<String, Long> sequences = new HashMap<>();
        if (accountIds.isEmpty()) {
            return sequences;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select account_id, last_sequence from account_sequence where target_id = ? and account_id = any(?)")) {
            select.setString(1, targetId);
            select.setArray(2, connection.createArrayOf("text", accountIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.put(rows.getString(1), rows.getLong(2));
                }
            }
            return sequences;
        } catch (SQLException e) {
            throw new IllegalStateException("reading account_sequence failed: " + e.getSQLState(), e);
        }
    }

    /**
     * Records settled commands in one transaction: their status, the accounts' newest sequence for
     * those applied, a dead letter for those that failed. Recording one again overwrites it (a
     * retried dead letter that now succeeds becomes APPLIED).
     */
    public void record(List<CompletedCommand> completed) {
        if (completed.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Collection<CompletedCommand> settled = lastOfEachCommand(completed);
                insertLog(connection, settled, now);
                advanceSequences(connection, newestOfEachAccount(settled));
                insertDeadLetters(connection, settled, now);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording commands failed: " + e.getSQLState(), e);
        }
    }

    /*
     * The driver sends each batch below as multi-row statements (reWriteBatchedInserts), and one
     * statement may not upsert a row twice: a command settled twice in one call keeps its last
     * outcome, an account keeps its newest applied sequence, as one statement per row would leave them.
     */

    private static Collection<CompletedCommand> lastOfEachCommand(List<CompletedCommand> completed) {
        Map<String, CompletedCommand> last = new LinkedHashMap<>();
        completed.forEach(command -> {
            last.remove(command.commandId());
            last.put(command.commandId(), command);
        });
        return last.values();
    }

    private static Collection<CompletedCommand> newestOfEachAccount(Collection<CompletedCommand> completed) {
        Map<List<String>, CompletedCommand> newest = new LinkedHashMap<>();
        for (CompletedCommand command : completed) {
            if (!command.failed() && command.accountId() != null) {
                newest.merge(List.of(command.targetId(), command.accountId()), command,
                        (kept, next) -> next.sequence() > kept.sequence() ? next : kept);
            }
        }
        return newest.values();
    }

    private static void insertLog(Connection connection, Collection<CompletedCommand> completed, Timestamp now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into command_log (command_id, target_id, account_id, sequence, status, attempts, error_code, completed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (command_id) do update set status = excluded.status, attempts = excluded.attempts,
                    error_code = excluded.error_code, completed_at = excluded.completed_at""")) {
            for (CompletedCommand command : completed) {
                insert.setString(1, command.commandId());
                insert.setString(2, command.targetId());
                insert.setString(3, command.accountId() == null ? "" : command.accountId());
                insert.setLong(4, command.sequence());
                insert.setString(5, command.status());
                insert.setInt(6, command.attempts());
                insert.setString(7, command.errorCode());
                insert.setTimestamp(8, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void advanceSequences(Connection connection, Collection<CompletedCommand> applied) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into account_sequence (target_id, account_id, last_sequence) values (?, ?, ?)
                on conflict (target_id, account_id)
                do update set last_sequence = greatest(account_sequence.last_sequence, excluded.last_sequence)""")) {
            for (CompletedCommand command : applied) {
                upsert.setString(1, command.targetId());
                upsert.setString(2, command.accountId());
                upsert.setLong(3, command.sequence());
                upsert.addBatch();
            }
            if (!applied.isEmpty()) {
                upsert.executeBatch();
            }
        }
    }

    private static void insertDeadLetters(Connection connection, Collection<CompletedCommand> completed, Timestamp now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into dead_letter (command_id, target_id, worker_id, account_id, command, error_code, error,
                    attempts, dead_lettered_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (command_id) do update set status = 'OPEN', error_code = excluded.error_code,
                    error = excluded.error, attempts = excluded.attempts, dead_lettered_at = excluded.dead_lettered_at""")) {
            int rows = 0;
            for (CompletedCommand command : completed) {
                if (command.failed()) {
                    insert.setString(1, command.commandId());
                    insert.setString(2, command.targetId());
                    insert.setString(3, command.workerId());
                    insert.setString(4, command.accountId());
                    insert.setString(5, command.rawCommand());
                    insert.setString(6, command.errorCode());
                    insert.setString(7, command.error());
                    insert.setInt(8, command.attempts());
                    insert.setTimestamp(9, now);
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }
}
