package io.provisioning.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Publishes validated events to {@code hr.events} (key = workerId) and waits for acks=all. */
@ApplicationScoped
public class HrEventPublisher {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    IngestProducer producer;

    /**
     * Sends the events in order and returns once the broker acknowledged every one.
     *
     * @throws ProblemException 503 if any event was not acknowledged in time
     */
    public void publishAll(List<HrEvent> events) {
        List<Keyed> records = new ArrayList<>(events.size());
        events.forEach(e -> records.add(new Keyed(e.workerId(), toJson(e))));
        publishJson(records);
    }

    /** An event already written as JSON, with its key. */
    public record Keyed(String key, String json) {
    }

    /**
     * Sends JSON events in order and returns once the broker acknowledged every one.
     *
     * @throws ProblemException 503 if any event was not acknowledged in time
     */
    public void publishJson(List<Keyed> records) {
        producer.publishAll(records.stream()
                        .map(r -> new IngestProducer.Outgoing(Topics.HR_EVENTS, r.key(), r.json())).toList(),
                "Kafka did not acknowledge the events in time; they are not recorded as accepted. Retry the same request.");
    }

    /** The JSON of an event as published. */
    public static String toJson(HrEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.id(), e);
        }
    }
}
