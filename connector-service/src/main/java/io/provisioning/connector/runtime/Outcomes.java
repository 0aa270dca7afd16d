package io.provisioning.connector.runtime;

import io.provisioning.connector.execution.CommandResult;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import java.time.Instant;
import java.util.List;

/** Builds the outcomes a worker publishes. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * APPLIED when the target changed, NOOP when it already was as desired, else RETRYING or FAILED.
     *
     * @param received the command as received: its outcome ids (the command id, or for an operator's retry
     *                 the command id and the retry record) and when its HR event was accepted
     */
    static ProvisioningOutcome of(CommandResult result, ReceivedCommand received, OutcomeStatus failedStatus,
            int attempt, Instant now, long durationMillis) {
        ProvisioningCommand command = result.command();
        OutcomeStatus status = result.succeeded()
                ? result.changed() ? OutcomeStatus.APPLIED : OutcomeStatus.NOOP
                : failedStatus;
        return new ProvisioningOutcome(received.outcomeIds() + "/" + attempt, command.commandId(),
                command.correlationId(), command.workerId(), command.targetId(), command.accountId(),
                command.sequence(), status, result.state(), result.groups(), result.changes(),
                result.succeeded() ? null : result.failure().code(),
                result.succeeded() ? null : result.failure().getMessage(),
                attempt, command.policyVersion(), now, durationMillis, endToEnd(received.acceptedAt(), now));
    }

    /** From the HR event's acceptance to now; null when no HR event started the command. */
    static Long endToEnd(Instant acceptedAt, Instant now) {
        return acceptedAt == null ? null : Math.max(0, now.toEpochMilli() - acceptedAt.toEpochMilli());
    }

    /** A command older than what the account already received: nothing is done, the account is as read. */
    static ProvisioningOutcome stale(ReceivedCommand received, long lastSequence, AccountState state,
            List<String> groups, Instant now) {
        ProvisioningCommand command = received.command();
        return new ProvisioningOutcome(command.commandId() + "/stale", command.commandId(), command.correlationId(),
                command.workerId(), command.targetId(), command.accountId(), command.sequence(), OutcomeStatus.NOOP,
                state, groups, List.of(), "STALE_SEQUENCE",
                "sequence " + command.sequence() + " is not newer than " + lastSequence + ", already applied",
                0, command.policyVersion(), now, 0, endToEnd(received.acceptedAt(), now));
    }
}
