package io.provisioning.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.policy.store.AccountStatusUpdater;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes {@code provisioning.outcomes}: what the connectors really did to each account. */
@ApplicationScoped
public class OutcomesConsumer {

    private static final Logger LOG = Logger.getLogger(OutcomesConsumer.class);
    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    AccountStatusUpdater accounts;

    @Incoming("outcomes")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        ProvisioningOutcome outcome;
        try {
            outcome = MAPPER.readValue(record.value(), ProvisioningOutcome.class);
        } catch (Exception e) {
            LOG.warnf("provisioning.outcomes %d@%d is not an outcome; skipped", record.partition(), record.offset());
            return;
        }
        accounts.apply(outcome);
    }
}
