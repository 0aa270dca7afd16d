package io.provisioning.ingest.snapshot;

import io.provisioning.common.problem.Problem.FieldError;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.ingest.publisher.Publisher;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Snapshots in PostgreSQL. A submitted snapshot's rows are copied into a temporary table and
 * diffed against the source's state by the database, and its events are published page by page:
 * memory does not grow with the snapshot's size.
 */
@ApplicationScoped
public class SnapshotStore {

    /** How long a snapshot may take to read and diff, or to apply: far beyond a request's usual minute. */
    private static final String LONG_TRANSACTION = "provisioning.ingest.snapshot.transaction-timeout";
    private static final String SELECT_VIEW = """
            SELECT snapshot_id, source, status, hired, updated, terminated, unchanged, rehired, workforce,
                   previous_workforce, received_at, received_by, decided_at, decided_by, decision_comment
            FROM snapshot""";
    /** An event's CloudEvent type: stored as such, or inside the CloudEvent of an event stored before V3. */
    private static final String EVENT_TYPE = "COALESCE(event_type, CAST(event AS json) ->> 'type')";

    @Inject
    DataSource dataSource;

    /** How a snapshot's rows are read into a sink. */
    @FunctionalInterface
    public interface RowReader {
        ParsedSnapshot read(SnapshotParser.RowSink sink) throws IOException;
    }

    /** What a new snapshot is: who sent it, for which source, when. */
    public record Submission(UUID snapshotId, String source, Instant receivedAt, String receivedBy,
                             Publisher publisher, boolean csv) {
    }

    /** A stored event of a snapshot, as written before this store diffed in the database ({@code event}), or as a type and record. */
    public record StoredEvent(int position, String workerId, String event, String eventType, String workerRecord) {
    }

    /**
     * Reads, validates and diffs a snapshot, and stores it with its events, HELD if its
     * terminations exceed the share of the source's previous workforce, else PUBLISHING. Older
     * HELD snapshots of the source become SUPERSEDED. All or nothing.
     *
     * @throws ProblemException 400 listing invalid and repeated rows, 403 listing workers of a source
     *                          the publisher is not bound to, 413 beyond the size limit
     */
    @Transactional(rollbackOn = Exception.class)
    @TransactionConfiguration(timeoutFromConfigProperty = LONG_TRANSACTION)
    public SnapshotView stage(Submission submission, RowReader reader, double terminationThreshold) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            ParsedSnapshot parsed;
            try (StagedRows rows = StagedRows.open(c)) {
                parsed = reader.read(rows);
                rows.finish(c);
            }
            List<FieldError> errors = new ArrayList<>(parsed.errors());
            errors.addAll(repeatedWorkers(c, submission.csv()));
            if (!errors.isEmpty()) {
                throw ProblemException.invalid("The snapshot has invalid records; nothing was applied",
                        errors.subList(0, Math.min(errors.size(), SnapshotParser.MAX_ERRORS)));
            }
            requireOwnSources(c, submission);
            supersedeHeld(c, submission.source());
            insertSnapshot(c, submission, parsed.rows());
            insertEvents(c, submission);
            return count(c, submission, parsed.rows(), terminationThreshold);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store snapshot " + submission.snapshotId(), e);
        }
    }

    /** Up to {@code limit} events of a snapshot from a position on, in order. */
    @Transactional
    public List<StoredEvent> events(UUID snapshotId, int fromPosition, int limit) {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT position, worker_id, event, event_type, worker_record FROM snapshot_event
                     WHERE snapshot_id = ? AND position >= ? ORDER BY position LIMIT ?""")) {
            s.setObject(1, snapshotId);
            s.setInt(2, fromPosition);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of snapshot " + snapshotId, e);
        }
    }

    /**
     * Makes the snapshot the source's state and marks it APPLIED, unless it is no longer
     * PUBLISHING; the workers it hired belong to its source from now on.
     *
     * @return false if another run already applied it
     */
    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = LONG_TRANSACTION)
    public boolean markApplied(SnapshotView snapshot) {
        UUID id = snapshot.snapshotId();
        try (Connection c = dataSource.getConnection()) {
            if (update(c, "UPDATE snapshot SET status = 'APPLIED' WHERE snapshot_id = ? AND status = 'PUBLISHING'",
                    id) == 0) {
                return false;
            }
            update(c, """
                    INSERT INTO source_worker (source, worker_id, worker_record, present, snapshot_id)
                    SELECT ?, worker_id, worker_record, TRUE, snapshot_id FROM snapshot_event
                    WHERE snapshot_id = ? AND worker_record IS NOT NULL
                    ON CONFLICT (source, worker_id) DO UPDATE
                    SET worker_record = EXCLUDED.worker_record, present = TRUE, snapshot_id = EXCLUDED.snapshot_id""",
                    snapshot.source(), id);
            update(c, """
                    UPDATE source_worker w SET present = FALSE, snapshot_id = e.snapshot_id FROM snapshot_event e
                    WHERE e.snapshot_id = ? AND e.worker_record IS NULL AND w.source = ? AND w.worker_id = e.worker_id""",
                    id, snapshot.source());
            update(c, """
                    INSERT INTO worker_owner (worker_id, source)
                    SELECT worker_id, ? FROM snapshot_event WHERE snapshot_id = ? AND worker_record IS NOT NULL
                    ON CONFLICT (worker_id) DO NOTHING""",
                    PayloadValidator.SNAPSHOT_SOURCE_PREFIX + snapshot.source(), id);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply snapshot " + id, e);
        }
    }

    /**
     * Moves a snapshot from one status to another, recording who decided and why; a rejected
     * snapshot's events are dropped (its counts stay).
     *
     * @param comment what the operator wrote; null if nothing
     * @return false if it was not in the expected status
     */
    @Transactional
    public boolean decide(UUID snapshotId, SnapshotStatus from, SnapshotStatus to, String actor, Instant at,
                          String comment) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     UPDATE snapshot SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                     WHERE snapshot_id = ? AND status = ?""")) {
            s.setString(1, to.name());
            s.setString(2, actor);
            s.setTimestamp(3, Timestamp.from(at));
            s.setString(4, comment);
            s.setObject(5, snapshotId);
            s.setString(6, from.name());
            if (s.executeUpdate() != 1) {
                return false;
            }
            if (to == SnapshotStatus.REJECTED) {
                update(c, "DELETE FROM snapshot_event WHERE snapshot_id = ?", snapshotId);
            }
            return true;
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

    /** A page of a listing and how many items match in all. */
    public record Slice<T>(List<T> items, long total) {
    }

    /**
     * A page of snapshots, newest {@code receivedAt} first.
     *
     * @param status only snapshots in this status; all when null
     * @param source only snapshots of exactly this source; all when null
     */
    @Transactional
    public Slice<SnapshotView> list(SnapshotStatus status, String source, int page, int size) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (status != null) {
            conditions.add("status = ?");
            parameters.add(status.name());
        }
        if (source != null) {
            conditions.add("source = ?");
            parameters.add(source);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        try (Connection c = dataSource.getConnection()) {
            long total = count(c, "SELECT count(*) FROM snapshot" + where, parameters);
            List<Object> paged = new ArrayList<>(parameters);
            paged.add(size);
            paged.add((long) page * size);
            List<SnapshotView> items = views(c, SELECT_VIEW + where
                    + " ORDER BY received_at DESC, snapshot_id DESC LIMIT ? OFFSET ?", paged);
            return new Slice<>(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list snapshots", e);
        }
    }

    /**
     * A page of a snapshot's events in their order: who it hires, rehires, updates and terminates.
     * An event stored before this store diffed in the database has its type read from its CloudEvent.
     *
     * @param type only events of this CloudEvent type (e.g. {@code hr.worker.terminated}); all when null
     */
    @Transactional
    public Slice<SnapshotEvent> changes(UUID snapshotId, String type, int page, int size) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(snapshotId);
        String where = " FROM snapshot_event WHERE snapshot_id = ?";
        if (type != null) {
            where += " AND " + EVENT_TYPE + " = ?";
            parameters.add(type);
        }
        try (Connection c = dataSource.getConnection()) {
            long total = count(c, "SELECT count(*)" + where, parameters);
            List<SnapshotEvent> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT worker_id, " + EVENT_TYPE + where
                    + " ORDER BY position LIMIT ? OFFSET ?")) {
                int i = bind(s, parameters);
                s.setInt(i, size);
                s.setLong(i + 1, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(new SnapshotEvent(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return new Slice<>(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the events of snapshot " + snapshotId, e);
        }
    }

    /** A worker listed twice is an error at each repeat, with its line (CSV) or index (JSON). */
    private static List<FieldError> repeatedWorkers(Connection c, boolean csv) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT position FROM (SELECT position, row_number() OVER (PARTITION BY worker_id ORDER BY position) AS nth
                                      FROM snapshot_row) repeats
                WHERE nth > 1 ORDER BY position LIMIT ?""")) {
            s.setInt(1, SnapshotParser.MAX_ERRORS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int position = rs.getInt(1);
                    errors.add(csv ? FieldError.atLine(position, "/workerId", "appears twice in the snapshot")
                            : new FieldError(position, "/workerId", "appears twice in the snapshot"));
                }
            }
        }
        return errors;
    }

    /** A snapshot may not list a worker who belongs to a source its publisher is not bound to. */
    private static void requireOwnSources(Connection c, Submission submission) throws SQLException {
        List<FieldError> refused = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.position, r.worker_id, o.source FROM snapshot_row r JOIN worker_owner o USING (worker_id)
                WHERE NOT (o.source LIKE ANY (?)) ORDER BY r.position LIMIT ?""")) {
            s.setArray(1, c.createArrayOf("text", submission.publisher().likePatterns()));
            s.setInt(2, SnapshotParser.MAX_ERRORS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String message = "worker " + rs.getString(2) + " belongs to source " + rs.getString(3);
                    refused.add(submission.csv() ? FieldError.atLine(rs.getInt(1), "/workerId", message)
                            : new FieldError(rs.getInt(1), "/workerId", message));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw submission.publisher().notAllowed("The snapshot lists workers of another source; nothing was applied",
                    refused);
        }
    }

    private static void supersedeHeld(Connection c, String source) throws SQLException {
        update(c, """
                DELETE FROM snapshot_event WHERE snapshot_id IN
                    (SELECT snapshot_id FROM snapshot WHERE source = ? AND status = 'HELD')""", source);
        update(c, "UPDATE snapshot SET status = 'SUPERSEDED' WHERE source = ? AND status = 'HELD'", source);
    }

    private static void insertSnapshot(Connection c, Submission submission, int workforce) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO snapshot (snapshot_id, source, status, received_at, received_by, workforce,
                    previous_workforce, hired, rehired, updated, terminated, unchanged)
                VALUES (?, ?, 'PUBLISHING', ?, ?, ?, 0, 0, 0, 0, 0, 0)""")) {
            s.setObject(1, submission.snapshotId());
            s.setString(2, submission.source());
            s.setTimestamp(3, Timestamp.from(submission.receivedAt()));
            s.setString(4, submission.receivedBy());
            s.setInt(5, workforce);
            s.executeUpdate();
        }
    }

    /**
     * Workers never seen are hired, workers seen and terminated before are rehired, changed records
     * are updates (all in input order), and workers of the source no longer listed are terminated.
     */
    private static void insertEvents(Connection c, Submission submission) throws SQLException {
        int changes = update(c, """
                INSERT INTO snapshot_event (snapshot_id, position, worker_id, event_type, worker_record)
                SELECT ?, (row_number() OVER (ORDER BY r.position) - 1)::int, r.worker_id,
                       CASE WHEN w.worker_id IS NULL THEN ? WHEN NOT w.present THEN ? ELSE ? END, r.worker_record
                FROM snapshot_row r LEFT JOIN source_worker w ON w.source = ? AND w.worker_id = r.worker_id
                WHERE w.worker_id IS NULL OR NOT w.present OR w.worker_record <> r.worker_record""",
                submission.snapshotId(), HrEventType.HIRED.wireName(), HrEventType.REHIRED.wireName(),
                HrEventType.UPDATED.wireName(), submission.source());
        update(c, """
                INSERT INTO snapshot_event (snapshot_id, position, worker_id, event_type, worker_record)
                SELECT ?, (? + row_number() OVER (ORDER BY w.worker_id) - 1)::int, w.worker_id, ?, NULL
                FROM source_worker w
                WHERE w.source = ? AND w.present AND NOT EXISTS (SELECT 1 FROM snapshot_row r WHERE r.worker_id = w.worker_id)""",
                submission.snapshotId(), changes, HrEventType.TERMINATED.wireName(), submission.source());
    }

    private static SnapshotView count(Connection c, Submission submission, int workforce, double threshold)
            throws SQLException {
        int hired = 0;
        int rehired = 0;
        int updated = 0;
        int terminated = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT event_type, count(*) FROM snapshot_event WHERE snapshot_id = ? GROUP BY event_type")) {
            s.setObject(1, submission.snapshotId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(2);
                    switch (HrEventType.of(rs.getString(1))) {
                        case HIRED -> hired = n;
                        case REHIRED -> rehired = n;
                        case UPDATED -> updated = n;
                        default -> terminated = n;
                    }
                }
            }
        }
        int previousWorkforce;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM source_worker WHERE source = ? AND present")) {
            s.setString(1, submission.source());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                previousWorkforce = rs.getInt(1);
            }
        }
        int unchanged = workforce - hired - rehired - updated;
        boolean held = previousWorkforce > 0 && terminated > threshold * previousWorkforce;
        SnapshotStatus status = held ? SnapshotStatus.HELD : SnapshotStatus.PUBLISHING;
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE snapshot SET status = ?, previous_workforce = ?, hired = ?, rehired = ?, updated = ?,
                    terminated = ?, unchanged = ? WHERE snapshot_id = ?""")) {
            s.setString(1, status.name());
            s.setInt(2, previousWorkforce);
            s.setInt(3, hired);
            s.setInt(4, rehired);
            s.setInt(5, updated);
            s.setInt(6, terminated);
            s.setInt(7, unchanged);
            s.setObject(8, submission.snapshotId());
            s.executeUpdate();
        }
        return new SnapshotView(submission.snapshotId(), submission.source(), status, hired, updated, terminated,
                unchanged, rehired, workforce, previousWorkforce, submission.receivedAt(), submission.receivedBy(),
                null, null, null);
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    private List<SnapshotView> query(String where, Object parameter) {
        try (Connection c = dataSource.getConnection()) {
            return views(c, SELECT_VIEW + " " + where + " ORDER BY received_at", List.of(parameter));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read snapshots", e);
        }
    }

    private static List<SnapshotView> views(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            List<SnapshotView> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp decided = rs.getTimestamp(13);
                    views.add(new SnapshotView(rs.getObject(1, UUID.class), rs.getString(2),
                            SnapshotStatus.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getTimestamp(11).toInstant(),
                            rs.getString(12), decided == null ? null : decided.toInstant(), rs.getString(14),
                            rs.getString(15)));
                }
            }
            return views;
        }
    }

    private static long count(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Binds the parameters in order; returns the index of the next one. */
    private static int bind(PreparedStatement s, List<Object> parameters) throws SQLException {
        int i = 1;
        for (Object parameter : parameters) {
            s.setObject(i++, parameter);
        }
        return i;
    }
}
