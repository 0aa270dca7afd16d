package io.provisioning.connector.store;

/**
 * A command whose fate is settled, to be recorded.
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

    public boolean failed() {
        return "FAILED".equals(status);
    }
}
