package io.provisioning.policy.requests;

import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.store.WorkerJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * The workers an access request names besides its beneficiary (managers, owners, fallback
 * approvers), read as they are now without locking them: who may decide is judged when a stage
 * starts and again when the decision comes.
 */
@ApplicationScoped
class People {

    /** How far up the management chain a manager may ask on behalf of a report. */
    static final int CHAIN_LIMIT = 10;

    @Inject
    EntityManager em;

    record Person(String workerId, LifecycleState lifecycle, String managerId) {

        boolean active() {
            return lifecycle == LifecycleState.ACTIVE;
        }
    }

    Optional<Person> find(String workerId) {
        if (workerId == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT lifecycle, attributes FROM identity WHERE worker_id = ?1")
                .setParameter(1, workerId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Worker worker = WorkerJson.read((String) rows.get(0)[1]);
        return Optional.of(new Person(workerId, LifecycleState.valueOf((String) rows.get(0)[0]), worker.managerId()));
    }

    /** Whether the manager is above the worker in HR's management chain (their manager, or theirs, ...). */
    boolean manages(String managerId, Worker worker) {
        return managesFrom(managerId, worker.managerId());
    }

    /** The same, for a worker known by id only; false for one who has no identity. */
    boolean manages(String managerId, String workerId) {
        return find(workerId).map(worker -> managesFrom(managerId, worker.managerId())).orElse(false);
    }

    private boolean managesFrom(String managerId, String firstManager) {
        String next = firstManager;
        for (int level = 0; next != null && level < CHAIN_LIMIT; level++) {
            if (next.equals(managerId)) {
                return true;
            }
            next = find(next).map(Person::managerId).orElse(null);
        }
        return false;
    }
}
