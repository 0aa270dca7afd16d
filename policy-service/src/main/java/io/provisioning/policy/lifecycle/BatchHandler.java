package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    /** @return the result of each event, in order */
    @Transactional
    public List<String> handleAll(List<HrEvent> events) {
        List<String> results = new ArrayList<>(events.size());
        for (HrEvent event : events) {
            results.add(lifecycle.handle(event));
        }
        return results;
    }
}
