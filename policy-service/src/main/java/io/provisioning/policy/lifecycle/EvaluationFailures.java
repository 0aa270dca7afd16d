package io.provisioning.policy.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.policy.store.IdentityEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Keeps an event the policy could not evaluate: after its own transaction rolled back, a new one
 * marks it processed, gives the identity the reason and announces it on policy.changes, so that it
 * is never dropped silently and the worker's partition keeps flowing.
 */
@ApplicationScoped
public class EvaluationFailures {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    IdentityJournal journal;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(HrEvent event, String reason) {
        if (!journal.firstTime(event.id())) {
            return;
        }
        IdentityEntity identity = IdentityEntity.findById(event.workerId(), LockModeType.PESSIMISTIC_WRITE);
        if (identity == null) {
            identity = new IdentityEntity();
            identity.workerId = event.workerId();
            identity.lifecycle = LifecycleState.PRE_HIRE;
            identity.attributes = event.data() instanceof WorkerChange change ? json(change) : "{}";
            identity.updatedAt = clock.instant();
            identity.persist();
        }
        journal.failure(identity, event.id(), event.type().wireName() + " not applied: " + reason, false);
    }

    private static String json(WorkerChange change) {
        try {
            return MAPPER.writeValueAsString(change.worker());
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
