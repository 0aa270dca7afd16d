package io.provisioning.connector.reconciliation;

import io.provisioning.contracts.ContractReader;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a target's whole desired-state topic (compacted, the newest command per worker) as it is
 * at the moment of the call, without a consumer group, a poll at a time.
 */
final class DesiredStateReader {

    private static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_POLL_RECORDS = 1000;

    private DesiredStateReader() {
    }

    /** What a poll of the topic says: the newest command per worker key, and the keys whose newest record is a tombstone. */
    @FunctionalInterface
    interface PollSink {
        void accept(Map<String, ProvisioningCommand> commands, Set<String> tombstones);
    }

    /**
     * Streams the topic as it is at the moment of the call into the sink, a poll at a time, so that
     * the caller never holds more than a poll of it.
     *
     * @return the number of records read
     */
    static long stream(Map<String, Object> kafka, String targetId, Duration timeout, PollSink sink) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Memory holds one poll's commands, whatever their size. The byte limits bound what is fetched,
        // but compressed: a poll's records decompressed are bounded by their count alone.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES / 4));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            String topic = Topics.desired(targetId);
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + timeout);
                }
                Map<String, ProvisioningCommand> commands = new LinkedHashMap<>();
                Set<String> tombstones = new LinkedHashSet<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        commands.remove(record.key());
                        tombstones.add(record.key());
                        continue;
                    }
                    try {
                        ProvisioningCommand command = ContractReader.COMMAND.read(record.value());
                        ProvisioningCommand known = commands.get(record.key());
                        if (known == null || known.sequence() <= command.sequence()) {
                            commands.put(record.key(), command);
                            tombstones.remove(record.key());
                        }
                    } catch (Exception unreadable) {
                        // not a command: it cannot say what is desired; skipped
                    }
                }
                if (!commands.isEmpty() || !tombstones.isEmpty()) {
                    sink.accept(commands, tombstones);
                }
            }
        }
        return read;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
