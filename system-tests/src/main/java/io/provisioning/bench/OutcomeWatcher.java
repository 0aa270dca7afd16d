package io.provisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows {@code provisioning.outcomes} from its end at start-up and keeps, per HR event id
 * (correlation id), the first settled outcome (APPLIED, NOOP or FAILED) of a worker whose id starts
 * with the prefix: when the target acknowledged, and the end-to-end latency the connector measured
 * from the event's acceptance by hr-ingest.
 */
final class OutcomeWatcher implements AutoCloseable {

    /**
     * A settled outcome: its status, the latency from HR acceptance, how long the connector's
     * attempt that settled it took (the whole batch it ran in), when the connector completed it.
     */
    record Settled(String status, long endToEndMillis, long executionMillis, long completedAtMillis) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SETTLED = Set.of("APPLIED", "NOOP", "FAILED");

    private final Map<String, Settled> byCorrelation = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final String prefix;

    OutcomeWatcher(String bootstrap, String prefix) {
        this.prefix = prefix;
        KafkaConsumer<String, String> consumer = BenchKafka.consumerAtEnd(bootstrap, c -> c.partitionsFor(
                "provisioning.outcomes").stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        thread = new Thread(() -> follow(consumer), "outcome-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(KafkaConsumer<String, String> consumer) {
        try (consumer) {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    JsonNode outcome = MAPPER.readTree(record.value());
                    String status = outcome.path("status").asText();
                    if (SETTLED.contains(status)) {
                        byCorrelation.putIfAbsent(outcome.path("correlationId").asText(), new Settled(status,
                                outcome.path("endToEndMillis").asLong(-1), outcome.path("durationMillis").asLong(0),
                                java.time.Instant.parse(outcome.path("completedAt").asText()).toEpochMilli()));
                    }
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                throw new IllegalStateException("outcome watcher stopped: " + e.getMessage(), e);
            }
        }
    }

    /** How many of the correlation ids have a settled outcome. */
    long settled(Collection<String> correlationIds) {
        return correlationIds.stream().filter(byCorrelation::containsKey).count();
    }

    Settled get(String correlationId) {
        return byCorrelation.get(correlationId);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
