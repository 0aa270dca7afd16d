package io.provisioning.connector.runtime;

import io.provisioning.contracts.ContractReader;
import io.provisioning.contracts.command.Headers;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A command as the worker of a target received it, with what it needs to settle it.
 *
 * @param raw           the record's value, kept in the command log and dead-lettered as received
 * @param operatorRetry an operator's retry of a dead-lettered command (a FAILED one runs again)
 * @param repair        a reconciliation's repair (it may carry the account's newest sequence again)
 * @param outcomeIds    what its outcome ids start with: the command id, which makes a re-execution after a
 *                      crash report under the same ids (and audit keep one); for an operator's retry also the
 *                      retry record, which makes each retry's outcomes facts of their own
 * @param acceptedAt    when hr-ingest accepted the HR event behind it ({@link Headers#ACCEPTED_AT}); null if
 *                      none did
 */
record ReceivedCommand(ProvisioningCommand command, String raw, boolean operatorRetry, boolean repair,
        String outcomeIds, Instant acceptedAt) {

    /** The longest command, account or worker id a command may carry (account names are at most 256). */
    static final int MAX_ID = 256;

    /**
     * @throws IllegalArgumentException if the record is not a command for this target, or carries an id
     *                                  longer than any the product makes (it would not fit the command log's
     *                                  index: refused, not retried forever)
     */
    static ReceivedCommand from(ConsumerRecord<String, String> record, String targetId) {
        ProvisioningCommand command;
        try {
            command = ContractReader.COMMAND.read(record.value());
        } catch (ContractReader.UnreadableRecordException e) {
            throw new IllegalArgumentException("not a command (" + e.getMessage() + ")", e);
        }
        if (command.commandId() == null || command.accountId() == null || command.state() == null
                || !targetId.equals(command.targetId())) {
            throw new IllegalArgumentException("commandId, accountId, state and targetId " + targetId + " are required");
        }
        if (tooLong(command.commandId()) || tooLong(command.accountId()) || tooLong(command.workerId())) {
            throw new IllegalArgumentException("commandId, accountId and workerId are at most " + MAX_ID + " characters");
        }
        boolean retry = record.headers().lastHeader(CommandHeaders.RETRY) != null;
        boolean repair = record.headers().lastHeader(CommandHeaders.REPAIR) != null;
        String outcomeIds = retry
                ? command.commandId() + "/retry-" + record.partition() + "-" + record.offset()
                : command.commandId();
        Header accepted = record.headers().lastHeader(Headers.ACCEPTED_AT);
        return new ReceivedCommand(command, record.value(), retry, repair, outcomeIds,
                accepted == null ? null : Headers.instant(accepted.value()));
    }

    private static boolean tooLong(String id) {
        return id != null && id.length() > MAX_ID;
    }
}
