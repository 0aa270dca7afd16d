package io.provisioning.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one way the services publish outside their SmallRye channels: an idempotent producer
 * ({@code acks=all}, no duplicates on a retried send) whose callers send a batch, then
 * {@link #awaitAll} before they commit or delete what the records stand for. A record is durable
 * once acknowledged, not once sent.
 */
public final class AckedProducer implements AutoCloseable {

    /** How long a record may take from send to acknowledgement, retries included. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final String clientId;
    private final KafkaProducer<String, String> producer;

    private AckedProducer(String clientId, KafkaProducer<String, String> producer) {
        this.clientId = clientId;
        this.producer = producer;
    }

    /**
     * @param clientId the producer's {@code client.id} (names its network thread)
     * @param linger   how long a send waits for others to share its request; zero for a send that
     *                 is awaited alone
     */
    public static AckedProducer open(String bootstrapServers, String clientId, Duration linger,
            Map<String, Object> tuning) {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.common(bootstrapServers));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 3);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(tuning);
        return new AckedProducer(clientId, new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer()));
    }

    /** Sends a record; the future ends when the broker acknowledged it. */
    public Future<RecordMetadata> send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /** Sends a record without headers. */
    public Future<RecordMetadata> send(String topic, String key, String value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Waits until the broker acknowledged every record.
     *
     * @throws IllegalStateException if one was refused or not acknowledged in time
     */
    public static void awaitAll(List<Future<RecordMetadata>> sent) {
        awaitAll(sent, DELIVERY_TIMEOUT);
    }

    /**
     * Waits at most {@code timeout} in all until the broker acknowledged every record.
     *
     * @throws IllegalStateException if one was refused or not acknowledged in time
     */
    public static void awaitAll(List<Future<RecordMetadata>> sent, Duration timeout) {
        List<Future<RecordMetadata>> pending = new ArrayList<>(sent);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a record: " + e.getMessage(), e);
        }
    }

    /**
     * The producer's network thread, which sends every record: an Error that ends it is only
     * logged by Kafka, so a service that cares watches it. Empty if it was not found.
     */
    public Optional<Thread> networkThread() {
        return ProducerThreads.networkThread(clientId);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
