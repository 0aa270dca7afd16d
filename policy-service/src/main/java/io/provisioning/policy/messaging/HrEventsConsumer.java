package io.provisioning.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.policy.lifecycle.EvaluationFailures;
import io.provisioning.policy.lifecycle.LifecycleService;
import io.provisioning.policy.naming.TemplateException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hr.events} in order per partition. An event the policy cannot evaluate is kept
 * with its reason; a transient failure (database down) is retried in place, so nothing is skipped.
 */
@ApplicationScoped
public class HrEventsConsumer {

    private static final Logger LOG = Logger.getLogger(HrEventsConsumer.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final int MAX_ATTEMPTS = 5;

    @Inject
    LifecycleService lifecycle;

    @Inject
    EvaluationFailures failures;

    @Inject
    MeterRegistry meters;

    /** A failure caused by the database or the network being unavailable: worth waiting out. */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.net.ConnectException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57")))) {
                return true;
            }
        }
        return false;
    }

    @Incoming("hr-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        HrEvent event;
        try {
            event = MAPPER.readValue(record.value(), HrEvent.class);
        } catch (Exception e) {
            // hr-ingest validated it; a record that is not an HR event is kept by the audit trail
            LOG.warnf("hr.events %d@%d is not an HR event; skipped", record.partition(), record.offset());
            meters.counter("provisioning.policy.events", "result", "unreadable").increment();
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                String result = lifecycle.handle(event);
                meters.counter("provisioning.policy.events", "result", result).increment();
                return;
            } catch (TemplateException | IllegalArgumentException e) {
                failures.record(event, e.getMessage());
                meters.counter("provisioning.policy.events", "result", "failed").increment();
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS && !transientFailure(e)) {
                    // not the database being away: keep the event with its reason rather than block the partition
                    LOG.errorf(e, "cannot apply %s after %d attempts; recorded as failed", event.id(), attempt);
                    failures.record(event, "internal error (" + e.getClass().getSimpleName() + ")");
                    meters.counter("provisioning.policy.events", "result", "failed").increment();
                    return;
                }
                LOG.warnf("cannot apply %s yet (%s); retrying in %s", event.id(), e.getClass().getSimpleName(), RETRY);
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
