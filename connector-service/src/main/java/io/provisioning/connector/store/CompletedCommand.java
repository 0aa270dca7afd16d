package io.provisioning.connector.store;

/**
 * A command whose fate is settled, to be recorded. PostgreSQL text cannot hold NUL: a NUL in any
 * value (a hostile record's key or body) is recorded as U+FFFD, or settling the batch would fail on
 * every attempt and stop the target's worker; the dead-letter topic keeps the exact bytes.
 *
 * @param rawCommand the command as received; kept for a dead letter only
 */
public record CompletedCommand(
        String commandId,
        String targetId,
        String workerId,
        String accountId,
        long sequence,
        String status,
        int attempts,
        String errorCode,
        String error,
        String rawCommand) {

    public CompletedCommand {
        commandId = storable(commandId);
        targetId = storable(targetId);
        workerId = storable(workerId);
        accountId = storable(accountId);
        errorCode = storable(errorCode);
        error = storable(error);
        rawCommand = storable(rawCommand);
    }

    private static String storable(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    public boolean failed() {
        return "FAILED".equals(status);
    }
}
