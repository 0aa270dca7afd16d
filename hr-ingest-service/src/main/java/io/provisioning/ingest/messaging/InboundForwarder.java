package io.provisioning.ingest.messaging;

import io.provisioning.ingest.intake.HrEventIntake;
import io.provisioning.ingest.intake.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code hr.events.inbound} (HRIS systems producing to Kafka directly) and forwards each
 * valid event to {@code hr.events}. An invalid event is nacked and lands on
 * {@code hr.events.inbound.dlq} with the reason in its headers. A valid event is never
 * dead-lettered because the database or the broker is away for a while: the intake waits it out.
 */
@ApplicationScoped
public class InboundForwarder {

    @Inject
    HrEventIntake intake;

    @Incoming("inbound")
    @Blocking
    public void forward(ConsumerRecord<String, String> record) throws InvalidEventException {
        intake.acceptInbound(record.value());
    }
}
