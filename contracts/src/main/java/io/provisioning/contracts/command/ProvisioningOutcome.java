package io.provisioning.contracts.command;

import java.time.Instant;
import java.util.List;

/**
 * What a connector did with one command. Published on {@code provisioning.outcomes}, key =
 * workerId. Secrets (passwords, tokens) never appear here, not even in {@code error}.
 *
 * @param outcomeId     unique per outcome, and the same when a connector that crashed before noting a
 *                      command runs it again: {@code commandId + "/" + attempt}; for an operator's retry
 *                      {@code commandId + "/retry-" + partition + "-" + offset + "/" + attempt} (the retry
 *                      record); {@code commandId + "/stale"} for a stale command
 * @param commandId     the command this answers
 * @param correlationId copied from the command
 * @param sequence      copied from the command
 * @param status        never null
 * @param state         the account's state after the command (for FAILED: as last read)
 * @param groups        the managed groups the account holds afterwards
 * @param changes       exactly what was changed; empty for NOOP and FAILED
 * @param errorCode     for RETRYING and FAILED: a stable code such as {@code CONNECTION_FAILED}
 * @param error         for RETRYING and FAILED: a message safe to show an operator
 * @param attempt       1 for the first attempt
 * @param completedAt   when the connector finished
 * @param durationMillis how long this attempt took in the connector, reading and writing the target
 * @param endToEndMillis from the HR event's acceptance by hr-ingest to this outcome (the target's
 *                       acknowledgement); null when no HR event started the command
 */
public record ProvisioningOutcome(
        String outcomeId,
        String commandId,
        String correlationId,
        String workerId,
        String targetId,
        String accountId,
        long sequence,
        OutcomeStatus status,
        AccountState state,
        List<String> groups,
        List<AppliedChange> changes,
        String errorCode,
        String error,
        int attempt,
        long policyVersion,
        Instant completedAt,
        long durationMillis,
        Long endToEndMillis) {

    public ProvisioningOutcome {
        groups = groups == null ? List.of() : groups;
        changes = changes == null ? List.of() : changes;
    }

    /** An outcome of a command no HR event's acceptance started. */
    public ProvisioningOutcome(String outcomeId, String commandId, String correlationId, String workerId,
            String targetId, String accountId, long sequence, OutcomeStatus status, AccountState state,
            List<String> groups, List<AppliedChange> changes, String errorCode, String error, int attempt,
            long policyVersion, Instant completedAt, long durationMillis) {
        this(outcomeId, commandId, correlationId, workerId, targetId, accountId, sequence, status, state, groups,
                changes, errorCode, error, attempt, policyVersion, completedAt, durationMillis, null);
    }
}
