package io.provisioning.ingest.store;

import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The memory of accepted event ids, so that a re-sent event is never published twice. */
@ApplicationScoped
public class IngestedEvents {

    @Inject
    DataSource dataSource;

    /** The ids among those that were accepted before; never null. One round trip for a whole batch. */
    @Transactional
    public Set<String> knownIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> known = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT event_id FROM ingested_event WHERE event_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", new HashSet<>(ids).toArray()));
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
            return known;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up accepted event ids", e);
        }
    }

    /**
     * Records the events as accepted, in one batch; ids recorded concurrently by another request
     * are kept as they are.
     */
    @Transactional
    public void remember(List<HrEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement relaxed = c.prepareStatement("SET LOCAL synchronous_commit = off");
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO ingested_event (event_id, worker_id, event_type, source, event_time)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            // The events are already durable in Kafka. Losing this memory in a crash only means a
            // re-sent event is published again, which every consumer de-duplicates by id; so the
            // request need not wait for the WAL flush.
            relaxed.execute();
            for (HrEvent event : events) {
                insert.setString(1, event.id());
                insert.setString(2, event.workerId());
                insert.setString(3, event.type().wireName());
                insert.setString(4, event.source());
                insert.setTimestamp(5, Timestamp.from(event.time().toInstant()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record accepted events", e);
        }
    }
}
