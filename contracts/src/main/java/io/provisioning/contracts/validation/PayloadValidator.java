package io.provisioning.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates public payloads against the JSON Schemas shipped in this module
 * ({@code classpath:schemas/}), then applies the cross-field rules a schema cannot express.
 * Thread-safe; build once and share.
 */
public final class PayloadValidator {

    /** The {@code source} of every event a workforce snapshot publishes: {@code urn:hr-snapshot:<source>}. */
    public static final String SNAPSHOT_SOURCE_PREFIX = "urn:hr-snapshot:";
    /** The {@code id} of every event a workforce snapshot publishes: {@code snapshot:<snapshotId>:<workerId>}. */
    public static final String SNAPSHOT_EVENT_ID_PREFIX = "snapshot:";

    private static final String SCHEMA_BASE = "https://provisioning.io/schemas/";

    private final JsonSchema hrEventSchema;
    private final JsonSchema workerSchema;
    private final JsonSchema policySchema;

    public PayloadValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        hrEventSchema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + "hr-event.schema.json"), config);
        workerSchema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + "worker.schema.json"), config);
        policySchema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + "policy.schema.json"), config);
        hrEventSchema.initializeValidators();
        policySchema.initializeValidators();
        workerSchema.initializeValidators();
    }

    /**
     * Validates one HR CloudEvent.
     *
     * @return every violation, ordered by pointer; empty when the event is valid. Never null.
     */
    public List<Violation> validateHrEvent(JsonNode event) {
        List<Violation> violations = schemaViolations(hrEventSchema, event);
        if (violations.isEmpty()) {
            JsonNode data = event.path("data");
            if (!event.path("subject").asText().equals(data.path("workerId").asText())) {
                violations.add(new Violation("/subject", "must equal data.workerId"));
            }
            checkEndNotBeforeStart(data, "/data", violations);
            // what a workforce snapshot publishes is recognised by these; a publisher may not pose as one
            if (event.path("source").asText().startsWith(SNAPSHOT_SOURCE_PREFIX)) {
                violations.add(new Violation("/source", "must not start with " + SNAPSHOT_SOURCE_PREFIX
                        + ": reserved for workforce snapshots"));
            }
            if (event.path("id").asText().startsWith(SNAPSHOT_EVENT_ID_PREFIX)) {
                violations.add(new Violation("/id", "must not start with " + SNAPSHOT_EVENT_ID_PREFIX
                        + ": reserved for workforce snapshots"));
            }
            violations.sort(java.util.Comparator.comparing(Violation::pointer));
        }
        return violations;
    }

    /**
     * Validates one worker record (a snapshot row).
     *
     * @return every violation, ordered by pointer; empty when the record is valid. Never null.
     */
    public List<Violation> validateWorker(JsonNode worker) {
        List<Violation> violations = schemaViolations(workerSchema, worker);
        if (violations.isEmpty()) {
            checkEndNotBeforeStart(worker, "", violations);
        }
        return violations;
    }

    /**
     * Validates an access policy document against its schema; the meaning (targets that exist,
     * groups that are managed, templates that render) is policy-service's to check.
     *
     * @return every violation, ordered by pointer; empty when the document is valid. Never null.
     */
    public List<Violation> validatePolicy(JsonNode policy) {
        return schemaViolations(policySchema, policy);
    }

    private static List<Violation> schemaViolations(JsonSchema schema, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(node)) {
            violations.add(toViolation(message));
        }
        violations.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::message));
        return violations.stream().distinct().collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private static Violation toViolation(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return new Violation(pointer + "/" + escape(message.getProperty()), "is required");
        }
        if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
            return new Violation(pointer + "/" + escape(message.getProperty()), "is not a known property");
        }
        String reason = switch (message.getType()) {
            case "pattern" -> "has an invalid format or characters";
            case "propertyNames" -> "is not a valid name";
            case "format" -> "is not a valid " + message.getSchemaNode().asText();
            case "minLength", "maxLength" -> message.getError();
            default -> message.getError();
        };
        return new Violation(pointer, reason);
    }

    private static void checkEndNotBeforeStart(JsonNode worker, String base, List<Violation> violations) {
        if (!worker.hasNonNull("endDate") || !worker.hasNonNull("startDate")) {
            return;
        }
        try {
            LocalDate start = LocalDate.parse(worker.get("startDate").asText());
            LocalDate end = LocalDate.parse(worker.get("endDate").asText());
            if (end.isBefore(start)) {
                violations.add(new Violation(base + "/endDate", "must not be before startDate"));
            }
        } catch (DateTimeParseException e) {
            violations.add(new Violation(base + "/endDate", "is not a valid date"));
        }
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }
}
