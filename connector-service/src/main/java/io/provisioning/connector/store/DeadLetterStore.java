package io.provisioning.connector.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads dead letters for the operator API and marks them retried. */
@ApplicationScoped
public class DeadLetterStore {

    @Inject
    AgroalDataSource dataSource;

    /** One dead letter as stored. */
    public record DeadLetter(String commandId, String targetId, String workerId, String accountId, String command,
                             String errorCode, String error, int attempts, Instant deadLetteredAt, String status,
                             Instant retriedAt, String retriedBy, int retryCount) {
    }

    /** Settled commands of one target by status (APPLIED, NOOP, FAILED). */
    public Map<String, Long> countsByStatus(String targetId) {
        Map<String, Long> counts = new HashMap<>();
        query("select status, count(*) from command_log where target_id = ? group by status", select -> {
            select.setString(1, targetId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return null;
        });
        return counts;
    }

    /**
     * Dead letters oldest first, after the keyset position {@code (afterTime, afterId)} if given.
     *
     * @param status OPEN, RETRIED, or null for both
     */
    public List<DeadLetter> page(String targetId, String status, Instant afterTime, String afterId, int limit) {
        String sql = """
                select command_id, target_id, worker_id, account_id, command, error_code, error, attempts,
                       dead_lettered_at, status, retried_at, retried_by, retry_count
                from dead_letter
                where (?::text is null or target_id = ?) and (?::text is null or status = ?)
                  and (?::timestamptz is null or (dead_lettered_at, command_id) > (?, ?))
                order by dead_lettered_at, command_id
                limit ?""";
        return query(sql, select -> {
            select.setString(1, targetId);
            select.setString(2, targetId);
            select.setString(3, status);
            select.setString(4, status);
            Timestamp after = afterTime == null ? null : Timestamp.from(afterTime);
            select.setTimestamp(5, after);
            select.setTimestamp(6, after);
            select.setString(7, afterId == null ? "" : afterId);
            select.setInt(8, limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(read(rows));
                }
            }
            return letters;
        });
    }

    public Optional<DeadLetter> find(String commandId) {
        return query("""
                select command_id, target_id, worker_id, account_id, command, error_code, error, attempts,
                       dead_lettered_at, status, retried_at, retried_by, retry_count
                from dead_letter where command_id = ?""", select -> {
            select.setString(1, commandId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.<DeadLetter>empty();
            }
        });
    }

    /**
     * Marks an open dead letter retried, and runs {@code publish} inside the same transaction: if
     * publishing fails, the dead letter stays open.
     *
     * @return false if the dead letter was not open (retried meanwhile)
     */
    public boolean markRetried(String commandId, String actor, Instant at, Runnable publish) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("""
                    update dead_letter set status = 'RETRIED', retried_at = ?, retried_by = ?, retry_count = retry_count + 1
                    where command_id = ? and status = 'OPEN'""")) {
                update.setTimestamp(1, Timestamp.from(at));
                update.setString(2, actor);
                update.setString(3, commandId);
                if (update.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
                publish.run();
                connection.commit();
                return true;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("updating dead_letter failed: " + e.getSQLState(), e);
        }
    }

    private static DeadLetter read(ResultSet rows) throws SQLException {
        Timestamp retried = rows.getTimestamp(11);
        return new DeadLetter(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getInt(8),
                rows.getTimestamp(9).toInstant(), rows.getString(10), retried == null ? null : retried.toInstant(),
                rows.getString(12), rows.getInt(13));
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T query(String sql, Query<T> query) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            return query.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("reading dead_letter failed: " + e.getSQLState(), e);
        }
    }
}
