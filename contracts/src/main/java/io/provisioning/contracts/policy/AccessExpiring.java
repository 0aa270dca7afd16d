package io.provisioning.contracts.policy;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A contractor's, intern's or vendor's access ends soon (the policy's notice days before the end
 * date), so that a sponsor can extend the contract in HR in time.
 *
 * @param endDate   the last day of the contract
 * @param expiresAt when access ends
 */
public record AccessExpiring(String id, Instant time, String actor, String workerId, String correlationId,
                             LocalDate endDate, Instant expiresAt) implements PolicyChange {

    @Override
    public String key() {
        return workerId;
    }
}
