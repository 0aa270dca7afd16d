package io.provisioning.policy.lifecycle;

import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.ScheduledActionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The durable schedule of effective-dated actions, written in the caller's transaction. */
@ApplicationScoped
public class Schedule {

    @Inject
    IdentityRepository store;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String workerId, ActionType action, Instant dueAt, String correlationId, String payload) {
        ScheduledActionEntity entity = new ScheduledActionEntity();
        entity.id = UUID.randomUUID().toString();
        entity.workerId = workerId;
        entity.action = action;
        entity.dueAt = dueAt;
        entity.status = "PENDING";
        entity.correlationId = correlationId;
        entity.payload = payload;
        entity.createdAt = clock.instant();
        store.create(entity);
    }

    /** Cancels the worker's pending actions of those kinds. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(String workerId, ActionType... actions) {
        List<ActionType> kinds = List.of(actions);
        for (var it = store.pendingActions(workerId).iterator(); it.hasNext(); ) {
            ScheduledActionEntity action = it.next();
            if (kinds.contains(action.action)) {
                action.status = "CANCELLED";
                action.doneAt = clock.instant();
                it.remove();
            }
        }
    }

}
