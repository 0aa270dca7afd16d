package io.provisioning.contracts.policy;

import java.time.Instant;

/**
 * The termination-burst guard opened a hold, or an operator approved or rejected one. The figures
 * are those the guard saw when it opened the hold.
 *
 * @param decision          {@code HELD}, {@code APPROVED} or {@code REJECTED}
 * @param held              terminations in the hold when the record was written
 * @param threshold         the most terminations the window admits: the smaller of the share of
 *                          active identities and the count configured
 * @param admittedInWindow  terminations applied in the window when the hold opened
 * @param activeIdentities  identities not terminated when the hold opened
 * @param window            the sliding window, ISO-8601, e.g. {@code PT1H}
 */
public record TerminationHoldDecision(String id, Instant time, String actor, String holdId, String decision, int held,
                                      int threshold, int admittedInWindow, long activeIdentities, String window)
        implements PolicyChange {

    @Override
    public String key() {
        return holdId;
    }
}
