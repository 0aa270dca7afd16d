package io.provisioning.policy.lifecycle;

import io.provisioning.policy.naming.AccountNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Account names per target: once a worker has one it is theirs for good (moves, name changes,
 * rehire), and no other worker ever gets it, even after deletion.
 */
@ApplicationScoped
public class AccountNameRegistry {

    @Inject
    EntityManager em;

    /** The worker's name in the target, reserving the first free variant of {@code base} if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String nameFor(String targetId, String workerId, String base, int maxLength) {
        List<?> existing = em.createNativeQuery(
                        "SELECT account_id FROM account_name WHERE target_id = ?1 AND worker_id = ?2")
                .setParameter(1, targetId).setParameter(2, workerId).getResultList();
        if (!existing.isEmpty()) {
            return (String) existing.get(0);
        }
        while (true) {
            String candidate = AccountNames.variant(base, maxLength, nextNumber(targetId, base));
            // a candidate can still be taken: a name whose own base ends in digits ("smith2")
            if (reserve(targetId, candidate, workerId)) {
                return candidate;
            }
        }
    }

    /** 1 for the first worker with this base, then 2, 3, ...: one row lock, no search. */
    private long nextNumber(String targetId, String base) {
        return ((Number) em.createNativeQuery("""
                        INSERT INTO account_name_base (target_id, base, last) VALUES (?1, ?2, 1)
                        ON CONFLICT (target_id, base) DO UPDATE SET last = account_name_base.last + 1
                        RETURNING last""")
                .setParameter(1, targetId).setParameter(2, base).getSingleResult()).longValue();
    }

    private boolean reserve(String targetId, String accountId, String workerId) {
        // ON CONFLICT: a name taken concurrently by another worker is simply not free
        return em.createNativeQuery("""
                        INSERT INTO account_name (target_id, account_id, worker_id) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, targetId).setParameter(2, accountId).setParameter(3, workerId)
                .executeUpdate() == 1;
    }
}
