package io.provisioning.policy.schedule;

import io.provisioning.policy.lifecycle.IdentityJournal;
import io.provisioning.policy.lifecycle.LifecycleService;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.ScheduledActionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * Claims one due action with {@code FOR UPDATE SKIP LOCKED} and runs it in the same transaction as
 * its effect: several replicas never run one twice, and a crash before the commit leaves it due.
 */
@ApplicationScoped
public class DueActions {

    @Inject
    EntityManager em;

    @Inject
    LifecycleService lifecycle;

    @Inject
    IdentityJournal journal;

    @Inject
    IdentityRepository identities;

    @Inject
    Clock clock;

    /** @return the id of the action run, or null when none is due */
    @Transactional
    public String runOne() {
        @SuppressWarnings("unchecked")
        List<ScheduledActionEntity> due = em.createNativeQuery("""
                        SELECT * FROM scheduled_action
                        WHERE status = 'PENDING' AND due_at <= ?1
                        ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""", ScheduledActionEntity.class)
                .setParameter(1, clock.instant()).getResultList();
        if (due.isEmpty()) {
            return null;
        }
        ScheduledActionEntity action = due.get(0);
        return identities.batch(List.of(action.workerId), () -> {
            lifecycle.run(action);
            action.status = "DONE";
            action.doneAt = clock.instant();
            return action.id;
        });
    }

    /** An action that cannot run is closed with the reason on the identity, not retried forever. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(String actionId, String reason) {
        ScheduledActionEntity action = ScheduledActionEntity.findById(actionId);
        if (action == null || !"PENDING".equals(action.status)) {
            return;
        }
        action.status = "FAILED";
        action.doneAt = clock.instant();
        identities.batch(List.of(action.workerId), () -> {
            IdentityEntity identity = identities.lockIdentity(action.workerId);
            if (identity != null) {
                journal.failure(identity, action.correlationId, action.action + " failed: " + reason, false);
            }
            return null;
        });
    }

    /** The next due action's id, for failure handling outside the failed transaction. */
    @Transactional
    public String peekDue() {
        List<?> ids = em.createNativeQuery("""
                        SELECT id FROM scheduled_action WHERE status = 'PENDING' AND due_at <= ?1
                        ORDER BY due_at, id LIMIT 1""")
                .setParameter(1, clock.instant()).getResultList();
        return ids.isEmpty() ? null : (String) ids.get(0);
    }
}
