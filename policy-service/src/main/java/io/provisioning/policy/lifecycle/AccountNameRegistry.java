package io.provisioning.policy.lifecycle;

import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.NameReservations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Account names per target: once a worker has one it is theirs for good (moves, name changes,
 * rehire), and no other worker ever gets it, even after deletion.
 */
@ApplicationScoped
public class AccountNameRegistry {

    @Inject
    IdentityRepository store;

    @Inject
    NameReservations reservations;

    /** The worker's name in the target, reserving the first free variant of {@code base} if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String nameFor(String targetId, String workerId, String base, int maxLength) {
        String existing = store.accountName(targetId, workerId);
        if (existing != null) {
            return existing;
        }
        while (true) {
            String candidate = AccountNames.variant(base, maxLength, reservations.nextNumber(targetId, base));
            // a candidate can still be taken: a name whose own base ends in digits ("smith2")
            if (store.reserve(targetId, candidate, workerId)) {
                return candidate;
            }
        }
    }
}
