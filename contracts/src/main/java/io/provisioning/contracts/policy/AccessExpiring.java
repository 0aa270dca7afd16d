package io.provisioning.contracts.policy;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A worker's access ends soon: their contract's end date is near (the policy's notice days before
 * it), or their sponsor left and HR has not named another. Addressed to the people who can act in
 * HR in time: the worker's manager and sponsor.
 *
 * @param endDate   the last day of the contract; null when the end is the sponsor's departure
 * @param expiresAt when access ends
 * @param managerId the worker's manager, if HR names one
 * @param sponsorId the worker's sponsor, if HR names one (for {@code SPONSOR_LEFT}: the one who left)
 * @param reason    {@code CONTRACT_END} or {@code SPONSOR_LEFT}; null in records written before it existed
 */
public record AccessExpiring(String id, Instant time, String actor, String workerId, String correlationId,
                             LocalDate endDate, Instant expiresAt, String managerId, String sponsorId, String reason)
        implements PolicyChange {

    public static final String CONTRACT_END = "CONTRACT_END";
    public static final String SPONSOR_LEFT = "SPONSOR_LEFT";

    @Override
    public String key() {
        return workerId;
    }
}
