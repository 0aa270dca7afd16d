package io.provisioning.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes validated events to {@code hr.events} (key = workerId) and waits for acks=all. */
@ApplicationScoped
public class HrEventPublisher {

    private static final ObjectMapper MAPPER = Json.mapper();
    /** Below the emitter buffer: a chunk never overflows it. */
    private static final int CHUNK = 2000;

    @Inject
    @Channel("hr-events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<String> emitter;

    @ConfigProperty(name = "provisioning.ingest.publish-timeout", defaultValue = "PT35S")
    Duration timeout;

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
     * Sends JSON events in order, in chunks that fit the emitter's buffer, and returns once the
     * broker acknowledged every one.
     *
     * @throws ProblemException 503 if any event was not acknowledged in time
     */
    public void publishJson(List<Keyed> records) {
        for (int from = 0; from < records.size(); from += CHUNK) {
            publishChunk(records.subList(from, Math.min(records.size(), from + CHUNK)));
        }
    }

    private void publishChunk(List<Keyed> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (Keyed record : records) {
            acks.add(Acked.send(emitter, record.key(), record.json()));
        }
        Acked.await(acks, timeout,
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
