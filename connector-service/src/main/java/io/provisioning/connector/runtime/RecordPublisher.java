package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.KafkaClientProperties;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outcomes, dead letters and retried commands: one idempotent producer (acks=all) for
 * the service. Callers send a batch, then {@link #awaitAll} before they commit what they consumed.
 */
@ApplicationScoped
public class RecordPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final Logger LOG = Logger.getLogger(RecordPublisher.class);
    static final String CLIENT_ID = "connector-service";

    private KafkaProducer<String, String> producer;
    /** The producer's sender thread: null if it could not be found at start-up (then it is not watched). */
    private Thread networkThread;

    @PostConstruct
    void init() {
        Properties properties = new Properties();
        properties.putAll(KafkaClientProperties.common(bootstrapServers));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        networkThread = ProducerThreads.networkThread(CLIENT_ID).orElse(null);
        if (networkThread == null) {
            LOG.warnf("the network thread of producer %s was not found: its liveness is not watched", CLIENT_ID);
        }
    }

    /**
     * Whether the producer can still send: false once its network thread has ended (an Error in
     * it is logged by Kafka and nothing else; every outcome sent afterwards would time out).
     */
    public boolean running() {
        Thread thread = networkThread;
        return thread == null || thread.isAlive();
    }

    void onStop(@Observes ShutdownEvent event) {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    public Future<RecordMetadata> send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /**
     * Waits until the broker acknowledged every record.
     *
     * @throws IllegalStateException if one was not acknowledged within 30 s
     */
    public static void awaitAll(List<Future<RecordMetadata>> sent) {
        List<Future<RecordMetadata>> pending = new ArrayList<>(sent);
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a record: " + e.getMessage(), e);
        }
    }
}
