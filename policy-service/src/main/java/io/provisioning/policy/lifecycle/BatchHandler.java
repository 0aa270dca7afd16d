package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a poll's worth of HR events in one transaction: one commit (one WAL flush) for hundreds
 * of events instead of one each. Events keep their order. If any event fails, the whole
 * transaction rolls back and the caller applies them one by one, which isolates the bad one.
 */
@ApplicationScoped
public class BatchHandler {

    @Inject
    LifecycleService lifecycle;

    @Inject
    EntityManager em;

    /** @return the result of each event, in order */
    @Transactional
    public List<String> handleAll(List<HrEvent> events) {
        List<String> results = new ArrayList<>(events.size());
        for (HrEvent event : events) {
            results.add(lifecycle.handle(event));
            // Keep the persistence context to one event: every native query flushes it, and
            // dirty-checking hundreds of entities each time would make a batch quadratic.
            em.flush();
            em.clear();
        }
        return results;
    }
}
