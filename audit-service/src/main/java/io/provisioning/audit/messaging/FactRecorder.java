package io.provisioning.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.audit.chain.ClassifiedFact;
import io.provisioning.audit.chain.FactClassifier;
import io.provisioning.audit.store.AuditAppender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores one Kafka record in the trail, retrying while PostgreSQL is unavailable: a record is
 * acknowledged to Kafka only once it is stored, and none is ever skipped.
 */
@ApplicationScoped
public class FactRecorder {

    private static final Logger LOG = Logger.getLogger(FactRecorder.class);

    @Inject
    AuditAppender appender;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.audit.store-retry", defaultValue = "PT2S")
    Duration retry;

    public void record(ConsumerRecord<String, String> record) {
        IncomingFact fact = new IncomingFact(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), headers(record));
        ClassifiedFact classified = FactClassifier.classify(fact);
        while (true) {
            try {
                boolean stored = appender.append(fact, classified);
                meters.counter("provisioning.audit.records", "topic", record.topic(),
                        "outcome", stored ? "stored" : "redelivery").increment();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot store %s-%d@%d yet (%s); retrying in %s", record.topic(), record.partition(),
                        record.offset(), e.getClass().getSimpleName(), retry);
                waitBeforeRetry();
            }
        }
    }

    private void waitBeforeRetry() {
        try {
            Thread.sleep(retry.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to store an audit record", e);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }
}
