package io.provisioning.contracts.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one account in one target must look now (desired state, docs/architecture.md). Published on
 * {@code provisioning.commands.<targetId>}, key = workerId.
 *
 * <p>A connector reads the account, computes the delta — for groups only within
 * {@code managedGroups} — and applies it. Applying the same command twice changes nothing the
 * second time; a command whose {@code sequence} is lower than the last one applied to the account
 * changes nothing at all.
 *
 * @param commandId     deterministic id; the idempotency key of the connector
 * @param correlationId id of the HR event, policy activation or reconciliation run that caused it
 * @param workerId      never null
 * @param targetId      never null
 * @param accountId     the account's name in the target (e.g. uid), unique in the target
 * @param sequence      per-account, strictly increasing with every command for that account
 * @param state         never null
 * @param attributes    target attribute name to values; empty for {@link AccountState#ABSENT}
 * @param groups        the managed groups the account must be in; never null
 * @param managedGroups every group the policy manages in this target; groups outside it are
 *                      never touched; never null
 * @param grants        why each group is granted: group to the ids of the rules that grant it
 * @param policyVersion the policy version the desired state was computed with
 * @param reason        the lifecycle step that led here, e.g. {@code JOINER}, {@code MOVER}
 * @param issuedAt      when policy-service decided it
 * @see Headers#ACCEPTED_AT the start of the end-to-end latency, carried beside the command
 */
public record ProvisioningCommand(
        String commandId,
        String correlationId,
        String workerId,
        String targetId,
        String accountId,
        long sequence,
        AccountState state,
        Map<String, List<String>> attributes,
        List<String> groups,
        List<String> managedGroups,
        Map<String, List<String>> grants,
        long policyVersion,
        String reason,
        Instant issuedAt) {

    public ProvisioningCommand {
        attributes = attributes == null ? Map.of() : attributes;
        groups = groups == null ? List.of() : groups;
        managedGroups = managedGroups == null ? List.of() : managedGroups;
        grants = grants == null ? Map.of() : grants;
    }
}
