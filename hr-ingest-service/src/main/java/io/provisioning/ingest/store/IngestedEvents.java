package io.provisioning.ingest.store;

import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The memory of accepted event ids, so that a re-sent event is never published twice. */
@ApplicationScoped
public class IngestedEvents {

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

    /** Records the events as accepted; ids recorded concurrently by another request are kept as they are. */
    @Transactional
    public void remember(List<HrEvent> events) {
        var em = IngestedEvent.getEntityManager();
        for (HrEvent event : events) {
            em.createNativeQuery("""
                    INSERT INTO ingested_event (event_id, worker_id, event_type, source, event_time)
                    VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (event_id) DO NOTHING""")
                    .setParameter(1, event.id())
                    .setParameter(2, event.workerId())
                    .setParameter(3, event.type().wireName())
                    .setParameter(4, event.source())
                    .setParameter(5, event.time())
                    .executeUpdate();
        }
    }
}
