package io.provisioning.connector.runtime;

import io.provisioning.connector.store.CompletedCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch whose commands were applied and whose outcomes were handed to the producer, while it is
 * settled on the worker's settling thread (the outcomes acknowledged by Kafka, the commands
 * recorded in the command log) and the worker applies the next batch. Until then the command log
 * does not know what this batch settled, so the next batch asks here too: a command delivered again
 * is still skipped, and a command older than one applied here is still stale.
 */
final class SettlingBatch {

    private final Future<?> settled;
    private final Map<TopicPartition, OffsetAndMetadata> offsets;
    private final Map<String, String> statuses = new HashMap<>();
    private final Map<String, Long> lastSequences = new HashMap<>();

    /**
     * @param settled   ends when the batch is settled; fails if it could not be
     * @param offsets   what to commit once it is settled
     * @param completed its commands, as they will be recorded
     */
    SettlingBatch(Future<?> settled, Map<TopicPartition, OffsetAndMetadata> offsets, List<CompletedCommand> completed) {
        this.settled = settled;
        this.offsets = offsets;
        for (CompletedCommand command : completed) {
            statuses.put(command.commandId(), command.status());
            // as the command log advances account_sequence: applied commands only, never backwards
            if (!command.failed() && command.accountId() != null) {
                lastSequences.merge(command.accountId(), command.sequence(), Math::max);
            }
        }
    }

    /** Adds what this batch settled to what the command log answered, this batch being the newer. */
    void addTo(Map<String, String> statusOfCommand, Map<String, Long> lastSequenceOfAccount) {
        statusOfCommand.putAll(statuses);
        lastSequences.forEach((account, sequence) -> lastSequenceOfAccount.merge(account, sequence, Math::max));
    }

    /**
     * Waits until the batch is settled.
     *
     * @return the offsets to commit now
     * @throws IllegalStateException if it could not be settled: nothing of it may be committed
     */
    Map<TopicPartition, OffsetAndMetadata> awaitSettled() throws InterruptedException {
        try {
            settled.get();
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("settling a batch failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits until the settling thread is done with this batch, whatever the result. */
    void awaitEnd() throws InterruptedException {
        try {
            awaitSettled();
        } catch (IllegalStateException notSettled) {
            // its commands are consumed again and found, or not, in the command log
        }
    }
}
