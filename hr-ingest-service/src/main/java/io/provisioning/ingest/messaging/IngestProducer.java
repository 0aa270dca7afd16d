package io.provisioning.ingest.messaging;

import io.provisioning.common.kafka.AckedProducer;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * hr-ingest's producer: the services' acknowledged idempotent one ({@link AckedProducer}), whose
 * every send is awaited before a request is answered. A record the broker did not acknowledge
 * in time answers 503: the caller sends the same request again, and nothing is recorded as accepted.
 */
@ApplicationScoped
public class IngestProducer {

    private static final Logger LOG = Logger.getLogger(IngestProducer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "provisioning.ingest.publish-timeout", defaultValue = "PT35S")
    Duration timeout;

    private volatile AckedProducer producer;

    /** A record and the topic it goes to. */
    public record Outgoing(String topic, String key, String json) {
    }

    /**
     * Sends the records in order and returns once the broker acknowledged every one.
     *
     * @param unacknowledged the problem detail when one is not acknowledged in time
     * @throws ProblemException 503 if a record was not acknowledged in time
     */
    public void publishAll(List<Outgoing> records, String unacknowledged) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        long started = System.nanoTime();
        try {
            for (Outgoing record : records) {
                acks.add(producer().send(record.topic(), record.key(), record.json()));
            }
            AckedProducer.awaitAll(acks, timeout.minusNanos(System.nanoTime() - started));
        } catch (KafkaException | IllegalStateException notAcknowledged) {
            // a send that could not even be queued (no metadata, buffer full) fails like an unacknowledged one
            LOG.warnf("Kafka did not acknowledge %d record(s): %s", records.size(), notAcknowledged.getMessage());
            throw new ProblemException(Problem.of("broker-unavailable", "Service unavailable", 503, unacknowledged));
        }
    }

    private AckedProducer producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    // no linger: a request waits for its own records and nobody else's; a send blocks
                    // (broker metadata, buffer space) no longer than a request waits for its acknowledgements
                    producer = AckedProducer.open(bootstrapServers, "hr-ingest", Duration.ZERO,
                            Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis()));
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
