package io.provisioning.ingest.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.runtime.Retry;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.validation.Violation;
import io.provisioning.ingest.messaging.HrEventPublisher;
import io.provisioning.ingest.publisher.Publisher;
import io.provisioning.ingest.store.IngestedEvents;
import io.provisioning.ingest.store.WorkerOwners;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Validates a request's events as a whole, drops duplicates, publishes the rest and only then
 * remembers their ids. A batch is all-or-nothing: one invalid event and nothing is published.
 */
@ApplicationScoped
public class HrEventIntake {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final PayloadValidator VALIDATOR = new PayloadValidator();
    private static final Logger LOG = Logger.getLogger(HrEventIntake.class);
    /** The database or the broker away for a while: the same event is accepted once they are back. */
    private static final Retry INBOUND_RETRY = Retry.whileUnavailable(Duration.ofSeconds(2))
            .orWhile(HrEventIntake::brokerOrServiceAway);

    @Inject
    HrEventPublisher publisher;

    @Inject
    IngestedEvents ingested;

    @Inject
    WorkerOwners owners;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "provisioning.ingest.max-batch-size", defaultValue = "1000")
    int maxBatchSize;

    /**
     * @throws ProblemException 400 for malformed or invalid events, 403 for an event of a source the
     *                          publisher is not bound to (or about a worker of such a source), 413 for a
     *                          batch over the limit, 503 when Kafka did not acknowledge in time
     */
    public IntakeResult accept(String body, BodyShape shape, Publisher publisher) {
        List<HrEvent> events;
        try {
            events = validate(parse(body, shape));
            requireSources(events, publisher);
        } catch (ProblemException e) {
            meters.counter("provisioning.hr.events.rejected", "origin", "rest").increment();
            throw e;
        }
        return accept(events, "rest", publisher);
    }

    private static void requireSources(List<HrEvent> events, Publisher publisher) {
        List<Problem.FieldError> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!publisher.mayPublish(events.get(i).source())) {
                refused.add(new Problem.FieldError(i, "/source", "this publisher may not publish for source "
                        + events.get(i).source()));
            }
        }
        if (!refused.isEmpty()) {
            throw publisher.notAllowed(refused.size() + " event(s) of a source this publisher is not bound to;"
                    + " nothing was published", refused);
        }
    }

    /**
     * Publishes events this service built and validated itself (from SCIM operations), de-duplicated
     * by id like every other event.
     */
    public IntakeResult acceptBuilt(List<HrEvent> events, String origin, Publisher publisher) {
        return events.isEmpty() ? new IntakeResult(List.of(), List.of()) : accept(events, origin, publisher);
    }

    /** The schema's and the record rules' violations of one event; empty when it is valid. */
    public static List<Violation> violations(HrEvent event) {
        return VALIDATOR.validateHrEvent(MAPPER.valueToTree(event));
    }

    /**
     * The violations of a worker record, pointed at as an event's data ({@code /data/department}):
     * the rules a hired, updated or rehired event's data is held to, for events whose envelope this
     * service built and checked once.
     */
    public static List<Violation> workerViolations(io.provisioning.contracts.hr.Worker worker) {
        return workerViolations((JsonNode) MAPPER.valueToTree(worker));
    }

    /** {@link #workerViolations(io.provisioning.contracts.hr.Worker)} of a record already written as JSON. */
    public static List<Violation> workerViolations(JsonNode worker) {
        return VALIDATOR.validateWorker(worker).stream()
                .map(v -> new Violation("/data" + v.pointer(), v.message())).toList();
    }

    private IntakeResult accept(List<HrEvent> events, String origin, Publisher publisher) {

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
        try {
            owners.claim(fresh, publisher);
        } catch (ProblemException e) {
            meters.counter("provisioning.hr.events.rejected", "origin", origin).increment();
            throw e;
        }
        this.publisher.publishAll(fresh);
        // Remembered only after the broker acknowledged: a crash in between means the publisher
        // retries and the event is published twice, which every consumer de-duplicates by id.
        remember(fresh, origin);
        fresh.forEach(e -> meters.counter("provisioning.hr.events.accepted", "origin", origin,
                "type", e.type().wireName()).increment());
        meters.counter("provisioning.hr.events.duplicates", "origin", origin).increment(duplicates.size());
        return new IntakeResult(fresh.stream().map(HrEvent::id).toList(), duplicates);
    }

    /**
     * The events are durable in Kafka whatever happens here, so the request has succeeded: a
     * database too busy or away to record their ids only means that a re-sent copy would be
     * published again, which consumers recognise by id. Counted and logged, not answered as an error.
     */
    private void remember(List<HrEvent> fresh, String origin) {
        try {
            ingested.remember(fresh);
        } catch (RuntimeException e) {
            meters.counter("provisioning.hr.events.unremembered", "origin", origin).increment(fresh.size());
            LOG.warnf("%d event(s) published but their ids not recorded (%s); a re-sent copy would be published"
                    + " again and de-duplicated downstream", fresh.size(), e.getClass().getSimpleName());
        }
    }

    /**
     * Forwards one event from {@code hr.events.inbound}, validated and de-duplicated like a REST
     * event. Waits out broker and database outages rather than dead-lettering a valid event.
     *
     * @throws InvalidEventException if the record is not a valid HR event
     */
    public void acceptInbound(String value) throws InvalidEventException {
        List<HrEvent> events;
        try {
            events = validate(parse(value, BodyShape.SINGLE));
        } catch (ProblemException e) {
            meters.counter("provisioning.hr.events.rejected", "origin", "kafka").increment();
            throw new InvalidEventException(describe(e.problem()));
        }
        try {
            IntakeResult result = INBOUND_RETRY.call("forward an inbound event",
                    () -> accept(events, "kafka", Publisher.INBOUND_TOPIC));
            LOG.debugf("inbound event forwarded: %s", result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding an inbound event", e);
        } catch (RuntimeException e) {
            // retrying cannot help, and would hold every record behind this one: dead-lettered
            meters.counter("provisioning.hr.events.rejected", "origin", "kafka").increment();
            throw new InvalidEventException("cannot be accepted (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean brokerOrServiceAway(Throwable e) {
        if (e instanceof ProblemException problem && problem.problem().status() == 503) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Problem problem) {
        StringBuilder reason = new StringBuilder(problem.detail());
        for (Problem.FieldError error : problem.errors()) {
            reason.append("; ").append(error.pointer().isEmpty() ? "(body)" : error.pointer())
                    .append(' ').append(error.message());
        }
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason.toString();
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
