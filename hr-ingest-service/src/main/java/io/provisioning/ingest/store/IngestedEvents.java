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

    /** The ids among those that were accepted before; never null. */
    @Transactional
    public Set<String> knownIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<IngestedEvent> known = IngestedEvent.list("eventId in ?1", List.copyOf(new HashSet<>(ids)));
        Set<String> result = new HashSet<>();
        known.forEach(e -> result.add(e.eventId));
        return result;
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
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO ingested_event (event_id, worker_id, event_type, source, event_time)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
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
