package io.provisioning.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.store.CompletedCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SettlingBatchTest {

    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("provisioning.commands.corp-ldap", 0), new OffsetAndMetadata(42));

    @Test
    void whatABatchStillSettlingSettledIsAddedToWhatTheCommandLogAnswered() {
        SettlingBatch batch = new SettlingBatch(new CompletableFuture<>(), OFFSETS, List.of(
                completed("c-applied", "alice", 7, "APPLIED"),
                completed("c-older", "bob", 3, "APPLIED"),
                completed("c-failed", "carol", 9, "FAILED"),
                completed("c-noop", "dave", 5, "NOOP"),
                completed("unparseable:t:0:1", null, 0, "FAILED")));
        Map<String, String> statuses = new HashMap<>(Map.of("c-failed", "APPLIED", "c-elsewhere", "APPLIED"));
        Map<String, Long> sequences = new HashMap<>(Map.of("bob", 5L, "carol", 2L));

        batch.addTo(statuses, sequences);

        // the batch is newer than the log: its statuses win (a retried command failed again stays FAILED)
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("c-applied", "APPLIED", "c-older", "APPLIED",
                "c-failed", "FAILED", "c-noop", "NOOP", "unparseable:t:0:1", "FAILED", "c-elsewhere", "APPLIED"));
        // as account_sequence advances: never backwards, not by a failed command
        assertThat(sequences).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 7L, "bob", 5L, "carol", 2L, "dave", 5L));
    }

    @Test
    void aSettledBatchGivesItsOffsetsAndOneThatFailedToSettleGivesNone() throws Exception {
        SettlingBatch settled = new SettlingBatch(CompletableFuture.completedFuture(null), OFFSETS, List.of());
        assertThat(settled.awaitSettled()).isEqualTo(OFFSETS);

        SettlingBatch failed = new SettlingBatch(
                CompletableFuture.failedFuture(new IllegalStateException("Kafka did not acknowledge a record")), OFFSETS,
                List.of());
        assertThatThrownBy(failed::awaitSettled).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka did not acknowledge a record");
        failed.awaitEnd(); // returns: the failure is the next consumer's to find out
    }

    private static CompletedCommand completed(String commandId, String account, long sequence, String status) {
        return new CompletedCommand(commandId, "corp-ldap", "W-" + account, account, sequence, status, 1,
                status.equals("FAILED") ? "REFUSED" : null, null, "{}");
    }
}
