package io.provisioning.ingest.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.validation.Violation;
import io.provisioning.ingest.api.HrEventsResource.BodyShape;
import io.provisioning.ingest.messaging.HrEventPublisher;
import io.provisioning.ingest.store.IngestedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Validates a request's events as a whole, drops duplicates, publishes the rest and only then
 * remembers their ids. A batch is all-or-nothing: one invalid event and nothing is published.
 */
@ApplicationScoped
public class HrEventIntake {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    @Inject
    HrEventPublisher publisher;

    @Inject
    IngestedEvents ingested;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.ingest.max-batch-size", defaultValue = "1000")
    int maxBatchSize;

    /**
     * @throws ProblemException 400 for malformed or invalid events, 413 for a batch over the limit,
     *                          503 when Kafka did not acknowledge in time
     */
    public IntakeResult accept(String body, BodyShape shape) {
        List<JsonNode> nodes = parse(body, shape);
        List<HrEvent> events = validate(nodes);

        Set<String> seen = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<HrEvent> fresh = new ArrayList<>();
        Set<String> known = ingested.knownIds(events.stream().map(HrEvent::id).toList());
        for (HrEvent event : events) {
            if (!seen.add(event.id()) || known.contains(event.id())) {
                duplicates.add(event.id());
            } else {
                fresh.add(event);
            }
        }
        publisher.publishAll(fresh);
        // Remembered only after the broker acknowledged: a crash in between means the publisher
        // retries and the event is published twice, which every consumer de-duplicates by id.
        ingested.remember(fresh);
        meters.counter("provisioning.hr.events.accepted").increment(fresh.size());
        meters.counter("provisioning.hr.events.duplicates").increment(duplicates.size());
        return new IntakeResult(fresh.stream().map(HrEvent::id).toList(), duplicates);
    }

    private List<JsonNode> parse(String body, BodyShape shape) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(malformed(e.getOriginalMessage() == null ? "" : locate(e)));
        }
        if (root == null || root.isMissingNode()) {
            throw new ProblemException(malformed("the body is empty"));
        }
        if (root.isObject() && shape != BodyShape.BATCH) {
            return List.of(root);
        }
        if (root.isArray() && shape != BodyShape.SINGLE) {
            if (root.size() > maxBatchSize) {
                throw new ProblemException(Problem.of("batch-too-large", "Batch too large", 413,
                        "A batch holds at most " + maxBatchSize + " events; this one holds " + root.size()));
            }
            if (root.isEmpty()) {
                throw ProblemException.invalid("The batch is empty", List.of(new Problem.FieldError(null, "", "must hold at least one event")));
            }
            List<JsonNode> nodes = new ArrayList<>();
            root.forEach(nodes::add);
            return nodes;
        }
        String expected = shape == BodyShape.BATCH ? "a JSON array of CloudEvents" : "a CloudEvent object";
        throw ProblemException.invalid("The body must be " + expected + " for this media type",
                List.of(new Problem.FieldError(null, "", "must be " + expected)));
    }

    private List<HrEvent> validate(List<JsonNode> nodes) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                errors.add(new Problem.FieldError(i, "", "must be a CloudEvent object"));
                continue;
            }
            for (Violation v : VALIDATOR.validateHrEvent(node)) {
                errors.add(new Problem.FieldError(i, v.pointer(), v.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() + " problem(s) in " + nodes.size()
                    + " event(s); nothing was published", errors);
        }
        List<HrEvent> events = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            try {
                events.add(MAPPER.treeToValue(node, HrEvent.class));
            } catch (JsonProcessingException e) {
                // the schema accepted it, so this is a gap between schema and records: say so, safely
                throw ProblemException.invalid("An event could not be read", List.of(
                        new Problem.FieldError(events.size(), "", "cannot be read as an HR event")));
            }
        }
        return events;
    }

    private static String locate(JsonProcessingException e) {
        return e.getLocation() == null ? "not valid JSON"
                : "not valid JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static Problem malformed(String where) {
        return Problem.of("malformed-json", "Malformed JSON", 400, "The body is " + where)
                .withErrors(List.of(new Problem.FieldError(null, "", where)));
    }
}
