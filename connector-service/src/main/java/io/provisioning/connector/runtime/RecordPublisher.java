package io.provisioning.connector.runtime;

import io.provisioning.common.kafka.AckedProducer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outcomes, dead letters and retried commands: one {@link AckedProducer} for the service.
 * Callers send a batch, then {@link AckedProducer#awaitAll} before they commit what they consumed.
 */
@ApplicationScoped
public class RecordPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final Logger LOG = Logger.getLogger(RecordPublisher.class);
    static final String CLIENT_ID = "connector-service";
    /** Sends wait up to 5 ms for the rest of a batch's outcomes to share their requests. */
    private static final Duration LINGER = Duration.ofMillis(5);

    private AckedProducer producer;
    /** The producer's sender thread: null if it could not be found at start-up (then it is not watched). */
    private Thread networkThread;

    @PostConstruct
    void init() {
        producer = AckedProducer.open(bootstrapServers, CLIENT_ID, LINGER,
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        networkThread = producer.networkThread().orElse(null);
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
        producer.close();
    }

    public Future<RecordMetadata> send(String topic, String key, String value, Map<String, String> headers) {
        return producer.send(topic, key, value, headers);
    }
}
