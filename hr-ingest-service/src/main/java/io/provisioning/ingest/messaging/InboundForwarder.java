package io.provisioning.ingest.messaging;

import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.Unavailable;
import io.provisioning.ingest.intake.HrEventIntake;
import io.provisioning.ingest.intake.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code hr.events.inbound} (HRIS systems producing to Kafka directly) and forwards each
 * valid event to {@code hr.events}. An invalid event is nacked and lands on
 * {@code hr.events.inbound.dlq} with the reason in its headers. A valid event is never
 * dead-lettered because the database or the broker is away for a while: it is retried in place.
 */
@ApplicationScoped
public class InboundForwarder {

    private static final Logger LOG = Logger.getLogger(InboundForwarder.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    @Inject
    HrEventIntake intake;

    @Incoming("inbound")
    @Blocking
    public void forward(ConsumerRecord<String, String> record) throws InvalidEventException, InterruptedException {
        while (true) {
            try {
                intake.acceptInbound(record.value());
                return;
            } catch (RuntimeException e) {
                boolean away = Unavailable.database(e)
                        || e instanceof ProblemException problem && problem.problem().status() == 503;
                if (!away) {
                    throw e;
                }
                LOG.warnf("hr.events.inbound %d@%d cannot be forwarded yet (%s); retrying in %s", record.partition(),
                        record.offset(), e.getClass().getSimpleName(), RETRY);
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
