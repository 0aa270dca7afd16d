package io.provisioning.ingest.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Snapshots in PostgreSQL, through plain JDBC batches: a 100 000-worker snapshot is a few
 * round trips, not 100 000. Every method runs in the caller's transaction or its own.
 */
@ApplicationScoped
public class SnapshotStore {

    private static final int BATCH = 1000;

    @Inject
    DataSource dataSource;

    /** A snapshot's stored event: who it concerns, the event JSON and the record to keep. */
    public record StoredEvent(String workerId, String event, String workerRecord) {
    }

    @Transactional
    public Map<String, KnownWorker> knownWorkers(String source) {
        Map<String, KnownWorker> known = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT worker_id, worker_record, present FROM source_worker WHERE source = ?")) {
            s.setString(1, source);
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new KnownWorker(rs.getString(2), rs.getBoolean(3)));
                }
            }
            return known;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state of source " + source, e);
        }
    }

    /** Stores a new snapshot and its events; older HELD snapshots of the source become SUPERSEDED. */
    @Transactional
    public void create(SnapshotView snapshot, List<StoredEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE snapshot SET status = 'SUPERSEDED' WHERE source = ? AND status = 'HELD'")) {
                s.setString(1, snapshot.source());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO snapshot (snapshot_id, source, status, received_at, received_by, workforce,
                        previous_workforce, hired, rehired, updated, terminated, unchanged)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                s.setObject(1, snapshot.snapshotId());
                s.setString(2, snapshot.source());
                s.setString(3, snapshot.status().name());
                s.setTimestamp(4, Timestamp.from(snapshot.receivedAt()));
                s.setString(5, snapshot.receivedBy());
                s.setInt(6, snapshot.workforce());
                s.setInt(7, snapshot.previousWorkforce());
                s.setInt(8, snapshot.hired());
                s.setInt(9, snapshot.rehired());
                s.setInt(10, snapshot.updated());
                s.setInt(11, snapshot.terminated());
                s.setInt(12, snapshot.unchanged());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO snapshot_event (snapshot_id, position, worker_id, event, worker_record)
                    VALUES (?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < events.size(); i++) {
                    StoredEvent event = events.get(i);
                    s.setObject(1, snapshot.snapshotId());
                    s.setInt(2, i);
                    s.setString(3, event.workerId());
                    s.setString(4, event.event());
                    s.setString(5, event.workerRecord());
                    s.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store snapshot " + snapshot.snapshotId(), e);
        }
    }

    @Transactional
    public List<StoredEvent> events(UUID snapshotId) {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT worker_id, event, worker_record FROM snapshot_event WHERE snapshot_id = ? ORDER BY position")) {
            s.setObject(1, snapshotId);
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of snapshot " + snapshotId, e);
        }
    }

    /**
     * Makes the snapshot the source's state and marks it APPLIED, unless it is no longer PUBLISHING.
     *
     * @return false if another run already applied it
     */
    @Transactional
    public boolean markApplied(SnapshotView snapshot, List<StoredEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE snapshot SET status = 'APPLIED' WHERE snapshot_id = ? AND status = 'PUBLISHING'")) {
                s.setObject(1, snapshot.snapshotId());
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO source_worker (source, worker_id, worker_record, present, snapshot_id)
                    VALUES (?, ?, ?, TRUE, ?)
                    ON CONFLICT (source, worker_id) DO UPDATE
                    SET worker_record = EXCLUDED.worker_record, present = TRUE, snapshot_id = EXCLUDED.snapshot_id""");
                 PreparedStatement leave = c.prepareStatement("""
                    UPDATE source_worker SET present = FALSE, snapshot_id = ? WHERE source = ? AND worker_id = ?""")) {
                int pending = 0;
                for (StoredEvent event : events) {
                    if (event.workerRecord() != null) {
                        upsert.setString(1, snapshot.source());
                        upsert.setString(2, event.workerId());
                        upsert.setString(3, event.workerRecord());
                        upsert.setObject(4, snapshot.snapshotId());
                        upsert.addBatch();
                    } else {
                        leave.setObject(1, snapshot.snapshotId());
                        leave.setString(2, snapshot.source());
                        leave.setString(3, event.workerId());
                        leave.addBatch();
                    }
                    if (++pending % BATCH == 0) {
                        upsert.executeBatch();
                        leave.executeBatch();
                    }
                }
                upsert.executeBatch();
                leave.executeBatch();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply snapshot " + snapshot.snapshotId(), e);
        }
    }

    /**
     * Moves a snapshot from one status to another, recording who decided.
     *
     * @return false if it was not in the expected status
     */
    @Transactional
    public boolean decide(UUID snapshotId, SnapshotStatus from, SnapshotStatus to, String actor, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     UPDATE snapshot SET status = ?, decided_by = ?, decided_at = ?
                     WHERE snapshot_id = ? AND status = ?""")) {
            s.setString(1, to.name());
            s.setString(2, actor);
            s.setTimestamp(3, Timestamp.from(at));
            s.setObject(4, snapshotId);
            s.setString(5, from.name());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot decide snapshot " + snapshotId, e);
        }
    }

    @Transactional
    public Optional<SnapshotView> find(UUID snapshotId) {
        return query("WHERE snapshot_id = ?", snapshotId).stream().findFirst();
    }

    /** Snapshots a crash left half-published. */
    @Transactional
    public List<SnapshotView> publishing() {
        return query("WHERE status = ?", SnapshotStatus.PUBLISHING.name());
    }

    private List<SnapshotView> query(String where, Object parameter) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT snapshot_id, source, status, hired, updated, terminated, unchanged, rehired, workforce,
                            previous_workforce, received_at, received_by, decided_at, decided_by
                     FROM snapshot""" + " " + where + " ORDER BY received_at")) {
            s.setObject(1, parameter);
            List<SnapshotView> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp decided = rs.getTimestamp(13);
                    views.add(new SnapshotView(rs.getObject(1, UUID.class), rs.getString(2),
                            SnapshotStatus.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getTimestamp(11).toInstant(),
                            rs.getString(12), decided == null ? null : decided.toInstant(), rs.getString(14)));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read snapshots", e);
        }
    }
}
