package io.provisioning.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.runtime.Retry;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.policy.ObservedAccess;
import io.provisioning.contracts.policy.PolicyChange;
import io.provisioning.policy.rules.ObservedAccessStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads policy.changes for what reconciliation runs found the targets holding beyond the desired
 * state ({@code reconciliation.observed-access}); every other fact is passed over unparsed. Each
 * part is recorded in its own transaction, retried while the database is unavailable, so none is
 * skipped: the next part of a run builds on it.
 */
@ApplicationScoped
public class ObservedAccessConsumer {

    private static final Logger LOG = Logger.getLogger(ObservedAccessConsumer.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String TYPE = "\"reconciliation.observed-access\"";
    private static final int MAX_ATTEMPTS = 5;
    private static final Retry RECORDING = Retry.whileUnavailable(Duration.ofSeconds(2)).otherFailuresTried(MAX_ATTEMPTS);

    @Inject
    ObservedAccessStore store;

    @Incoming("observed-access")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null || !record.value().contains(TYPE)) {
                continue;
            }
            ObservedAccess observed;
            try {
                if (!(MAPPER.readValue(record.value(), PolicyChange.class) instanceof ObservedAccess parsed)) {
                    continue;
                }
                observed = parsed;
            } catch (Exception e) {
                LOG.warnf("policy.changes %d@%d names observed access but is not one; skipped", record.partition(),
                        record.offset());
                continue;
            }
            try {
                RECORDING.run("record observed access " + observed.id(), () -> store.record(observed));
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot record observed access %s after %d attempts; passed over", observed.id(),
                        MAX_ATTEMPTS);
            }
        }
    }
}
