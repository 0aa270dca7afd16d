package io.provisioning.ingest.messaging;

import io.provisioning.common.problem.ProblemException;
import io.provisioning.ingest.intake.BinaryCloudEvent;
import io.provisioning.ingest.intake.HrEventIntake;
import io.provisioning.ingest.intake.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code hr.events.inbound} (HRIS systems producing to Kafka directly) and forwards each
 * valid event to {@code hr.events}. An invalid event is nacked and lands on
 * {@code hr.events.inbound.dlq} with the reason in its headers. A valid event is never
 * dead-lettered because the database or the broker is away for a while: the intake waits it out.
 * Binary content mode ({@code ce_} headers, the value being the data) is turned into the structured
 * event first, so both modes are checked alike.
 */
@ApplicationScoped
public class InboundForwarder {

    @Inject
    HrEventIntake intake;

    @Incoming("inbound")
    @Blocking
    public void forward(ConsumerRecord<String, String> record) throws InvalidEventException {
        Map<String, String> binary = BinaryCloudEvent.fromKafkaHeaders(record.headers());
        if (!binary.containsKey("specversion")) {
            intake.acceptInbound(record.value());
            return;
        }
        Header contentType = record.headers().lastHeader("content-type");
        String structured;
        try {
            structured = BinaryCloudEvent.structured(binary, contentType == null ? null
                    : new String(contentType.value(), StandardCharsets.UTF_8), record.value());
        } catch (ProblemException e) {
            throw new InvalidEventException(e.problem().detail() + e.problem().errors().stream()
                    .map(f -> " " + f.pointer() + ": " + f.message()).collect(java.util.stream.Collectors.joining(";")));
        }
        intake.acceptInbound(structured);
    }
}
