package io.provisioning.audit.checkpoint;

import io.provisioning.audit.verifier.SignedCheckpoint;
import io.provisioning.common.kafka.AckedProducer;
import io.provisioning.common.kafka.KafkaClientProperties;
import io.provisioning.contracts.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code audit.checkpoints}: where the signed checkpoints live outside the audit database. Every
 * checkpoint of a trail has the trail's key ({@code provisioning.audit.checkpoint.key}), so that
 * compaction keeps its newest; the newest is what verification holds the trail against.
 */
@ApplicationScoped
public class CheckpointTopic {

    /** The records the newest checkpoint is looked for in, at the end of each partition. */
    private static final int TAIL = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "provisioning.audit.checkpoint.key")
    String key;

    private AckedProducer producer;

    /** Publishes the checkpoint and waits until the broker has it (acks=all). */
    public void publish(SignedCheckpoint checkpoint) {
        try {
            producer().send(Topics.AUDIT_CHECKPOINTS, key, checkpoint.toJson()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing an audit checkpoint", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the audit checkpoint to " + Topics.AUDIT_CHECKPOINTS, e);
        }
    }

    /**
     * The newest checkpoint on the topic: the last record of each partition, the highest seq of
     * those that parse. Empty when the topic holds none.
     *
     * @throws IllegalStateException when the broker cannot be read
     */
    public Optional<SignedCheckpoint> newest() {
        Map<String, Object> settings = new HashMap<>(KafkaClientProperties.common(bootstrapServers));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-service-checkpoints");
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_CHECKPOINTS, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            SignedCheckpoint newest = null;
            for (TopicPartition partition : partitions) {
                long end = ends.getOrDefault(partition, 0L);
                if (end == 0) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, Math.max(0, end - TAIL));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        SignedCheckpoint parsed = key.equals(record.key()) ? parse(record.value()) : null;
                        if (parsed != null && (newest == null || parsed.seq() > newest.seq())) {
                            newest = parsed;
                        }
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot read " + Topics.AUDIT_CHECKPOINTS, e);
        }
    }

    private static SignedCheckpoint parse(String value) {
        try {
            return value == null ? null : SignedCheckpoint.parse(value);
        } catch (IllegalArgumentException e) {
            return null; // not a checkpoint: nothing to hold the trail against
        }
    }

    private synchronized AckedProducer producer() {
        if (producer == null) {
            producer = AckedProducer.open(bootstrapServers, "audit-service-checkpoints", Duration.ZERO, Map.of(
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2));
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
