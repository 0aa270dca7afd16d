package io.provisioning.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** What the console reads from connector-service. */
public final class ConnectorApi {

    private ConnectorApi() {
    }

    public record DeadLetterPage(List<DeadLetter> items, String nextCursor) {
    }

    public record DeadLetter(String commandId, String targetId, String workerId, String accountId, String errorCode,
                             String error, int attempts, Instant deadLetteredAt, String status, Instant retriedAt,
                             String retriedBy, int retryCount, JsonNode command) {

        /** The command's operation and desired state, as one line. */
        public String summary() {
            if (command == null || !command.isObject()) {
                return command == null ? "" : command.asText();
            }
            return String.join(" ", command.path("operation").asText(""), command.path("desiredState").asText(""))
                    .strip();
        }
    }

    public record Report(String runId, String targetId, String mode, String status, Progress progress,
                         JsonNode counts, List<DriftItem> items, String nextCursor, String requestedBy,
                         Instant startedAt, Instant finishedAt, String error) {

        public boolean running() {
            return "RUNNING".equals(status);
        }
    }

    public record Progress(long accountsRead, long desiredAccounts) {

        /** The bar's end: the desired accounts, or the accounts read when the target holds more. */
        public long max() {
            return Math.max(1, Math.max(accountsRead, desiredAccounts));
        }
    }

    public record DriftItem(String kind, String accountId, String workerId, String detail, boolean repaired) {
    }
}
