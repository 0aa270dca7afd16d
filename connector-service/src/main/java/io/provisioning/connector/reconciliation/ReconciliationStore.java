package io.provisioning.connector.reconciliation;

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
import java.util.List;
import java.util.Optional;

/** Reconciliation runs and their drift items (tables reconciliation_run, reconciliation_item). */
@ApplicationScoped
public class ReconciliationStore {

    @Inject
    AgroalDataSource dataSource;

    /** A run as stored. */
    public record Run(String runId, String targetId, String mode, String status, String requestedBy,
                      Instant startedAt, Instant finishedAt, long accountsRead, long desiredRead, String counts,
                      String error) {
    }

    /**
     * Records a new running run.
     *
     * @return false if the target already has a running one
     */
    public boolean start(String runId, String targetId, String mode, String requestedBy, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into reconciliation_run (run_id, target_id, mode, status, requested_by, started_at)
                        values (?, ?, ?, 'RUNNING', ?, ?) on conflict do nothing""")) {
            insert.setString(1, runId);
            insert.setString(2, targetId);
            insert.setString(3, mode);
            insert.setString(4, requestedBy);
            insert.setTimestamp(5, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void progress(String runId, long accountsRead, long desiredRead) {
        update("update reconciliation_run set accounts_read = ?, desired_read = ? where run_id = ?",
                accountsRead, desiredRead, runId);
    }

    /** Appends drift items, numbered from {@code firstNo}. */
    public void items(String runId, int firstNo, List<DriftItem> items, boolean repaired) {
        if (items.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into reconciliation_item (run_id, item_no, kind, account_id, worker_id, detail, repaired)
                        values (?, ?, ?, ?, ?, ?, ?)""")) {
            int no = firstNo;
            for (DriftItem item : items) {
                insert.setString(1, runId);
                insert.setInt(2, no++);
                insert.setString(3, item.kind());
                insert.setString(4, item.accountId());
                insert.setString(5, item.workerId());
                insert.setString(6, item.detail());
                insert.setBoolean(7, repaired && !item.kind().equals("ORPHAN"));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void finish(String runId, String status, String counts, String error, Instant at) {
        update("update reconciliation_run set status = ?, counts = ?, error = ?, finished_at = ? where run_id = ?",
                status, counts, error, Timestamp.from(at), runId);
    }

    public Optional<Run> find(String runId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select run_id, target_id, mode, status, requested_by, started_at, finished_at, accounts_read,
                               desired_read, counts, error from reconciliation_run where run_id = ?""")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Timestamp finished = row.getTimestamp(7);
                return Optional.of(new Run(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getTimestamp(6).toInstant(), finished == null ? null : finished.toInstant(),
                        row.getLong(8), row.getLong(9), row.getString(10), row.getString(11)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Items of a run in order, after item number {@code after}. */
    public List<Item> page(String runId, int after, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select item_no, kind, account_id, worker_id, detail, repaired from reconciliation_item
                        where run_id = ? and item_no > ? order by item_no limit ?""")) {
            select.setString(1, runId);
            select.setInt(2, after);
            select.setInt(3, limit);
            List<Item> items = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    items.add(new Item(row.getInt(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getString(5), row.getBoolean(6)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The orphan item of a run for this account; empty if the run listed no such orphan. */
    public Optional<Item> orphan(String runId, String accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select item_no, kind, account_id, worker_id, detail, repaired from reconciliation_item
                        where run_id = ? and kind = 'ORPHAN' and account_id = ? limit 1""")) {
            select.setString(1, runId);
            select.setString(2, accountId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Item(row.getInt(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getBoolean(6))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** A stored drift item. */
    public record Item(int no, String kind, String accountId, String workerId, String detail, boolean repaired) {
    }

    /** Runs left RUNNING by a service that stopped mid-way are failed, so that the target can be run again. */
    public void failInterrupted(Instant at) {
        update("update reconciliation_run set status = 'FAILED', error = ?, finished_at = ? where status = 'RUNNING'",
                "interrupted: the service stopped during the run", Timestamp.from(at));
    }

    private void update(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("reconciliation store: SQL state " + e.getSQLState(), e);
    }
}
