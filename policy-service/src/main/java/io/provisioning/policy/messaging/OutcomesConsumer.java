package io.provisioning.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Unavailable;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.policy.store.AccountStatusUpdater;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code provisioning.outcomes}: what the connectors really did to each account. While the
 * database is unavailable an outcome is retried in place, so that the channel never fails and no
 * outcome is skipped; one that cannot be recorded for another reason is logged and passed over (the
 * account's next outcome, or a reconciliation, sets its status).
 */
@ApplicationScoped
public class OutcomesConsumer {

    private static final Logger LOG = Logger.getLogger(OutcomesConsumer.class);
    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    AccountStatusUpdater accounts;

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final int MAX_ATTEMPTS = 5;

    @Incoming("outcomes")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        ProvisioningOutcome outcome;
        try {
            outcome = MAPPER.readValue(record.value(), ProvisioningOutcome.class);
        } catch (Exception e) {
            LOG.warnf("provisioning.outcomes %d@%d is not an outcome; skipped", record.partition(), record.offset());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                accounts.apply(outcome);
                return;
            } catch (RuntimeException e) {
                if (!Unavailable.worthWaitingOut(e) && attempt >= MAX_ATTEMPTS) {
                    LOG.errorf(e, "cannot record outcome %s after %d attempts; passed over", outcome.outcomeId(), attempt);
                    return;
                }
                LOG.warnf("cannot record outcome %s yet (%s); retrying in %s", outcome.outcomeId(),
                        e.getClass().getSimpleName(), RETRY);
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
