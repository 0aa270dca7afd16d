package io.provisioning.contracts.policy;

import java.time.Instant;
import java.util.List;

/**
 * What a reconciliation run in report mode found accounts holding in a target beyond their desired
 * state: the managed groups each holds that nobody granted (added by hand, or left by a failed
 * change). A run's findings come in parts of at most {@link #MAX_ACCOUNTS} accounts, in order under
 * the target's key; part 1 replaces what the target's previous run found, so the last run is what
 * counts. A run that found nothing sends one empty part. Separation of duties is checked against
 * these groups too.
 *
 * @param targetId the target; never null
 * @param runId    the reconciliation run
 * @param part     1-based
 * @param last     whether this is the run's last part
 * @param accounts the accounts holding groups beyond their desired state
 */
public record ObservedAccess(String id, Instant time, String actor, String targetId, String runId, int part,
                             boolean last, List<Holding> accounts) implements PolicyChange {

    /** The most accounts one part carries. */
    public static final int MAX_ACCOUNTS = 500;

    /** @param groups the managed groups the account holds beyond its desired state */
    public record Holding(String workerId, String accountId, List<String> groups) {
    }

    public ObservedAccess {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    @Override
    public String key() {
        return targetId;
    }
}
