package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Keeps an event the policy could not evaluate: after its own transaction rolled back, a new one
 * marks it processed, gives the identity the reason and announces it on policy.changes, so that it
 * is never dropped silently and the worker's partition keeps flowing.
 */
@ApplicationScoped
public class EvaluationFailures {

    @Inject
    IdentityJournal journal;

    @Inject
    IdentityRepository store;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(HrEvent event, String reason) {
        store.open(List.of(event.id()), Map.of(), List.of(event.workerId()), List.of());
        if (!journal.firstTime(event.id())) {
            return;
        }
        IdentityEntity identity = store.lockIdentity(event.workerId());
        if (identity == null) {
            identity = IdentityEntity.failed(event.workerId(),
                    event.data() instanceof WorkerChange change ? change.worker() : null, clock.instant());
            store.create(identity);
        }
        journal.failure(identity, event.id(), event.type().wireName() + " not applied: " + reason, false);
        store.flush();
    }
}
