package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerType;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where each worker field is read from in a SCIM User: {@code provisioning.ingest.scim.mapping.<field>}
 * is a list of attribute paths separated by {@code |}, the first that holds a value winning. The
 * defaults read our HR extension first and standard attributes after, so Entra's inbound payload
 * (core and enterprise User, {@code userType}) maps unchanged, and an HRIS's own extension is one
 * line of configuration, e.g. {@code start-date=urn:...:Worker:startDate|urn:acme:hr:1.0:User:HireDate}.
 */
@Singleton
public class ScimUserMapping {

    private static final String PREFIX = "provisioning.ingest.scim.mapping.";
    private static final Pattern PLAIN_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ].*");

    /** The worker fields (and the leave dates, which become leave events) a SCIM User maps to. */
    public enum Field {
        WORKER_ID("worker-id", "workerId", "externalId"),
        GIVEN_NAME("given-name", "givenName", "name.givenName"),
        FAMILY_NAME("family-name", "familyName", "name.familyName"),
        PREFERRED_NAME("preferred-name", "preferredName", "nickName"),
        EMAIL("email", "email", "emails[type eq \"work\"].value|emails.value"),
        WORKER_TYPE("worker-type", "workerType", Scim.WORKER + ":workerType|userType"),
        DEPARTMENT("department", "department", Scim.ENTERPRISE_USER + ":department"),
        JOB_TITLE("job-title", "jobTitle", "title"),
        JOB_CODE("job-code", "jobCode", Scim.WORKER + ":jobCode"),
        LOCATION("location", "location", Scim.WORKER + ":location|addresses[type eq \"work\"].locality"),
        COST_CENTER("cost-center", "costCenter", Scim.WORKER + ":costCenter|" + Scim.ENTERPRISE_USER + ":costCenter"),
        MANAGER_ID("manager-id", "managerId", Scim.ENTERPRISE_USER + ":manager.value"),
        SPONSOR_ID("sponsor-id", "sponsorId", Scim.WORKER + ":sponsorId"),
        START_DATE("start-date", "startDate", Scim.WORKER + ":startDate"),
        END_DATE("end-date", "endDate", Scim.WORKER + ":endDate"),
        LEAVE_START_DATE("leave-start-date", "leaveStartDate", Scim.WORKER + ":leaveStartDate"),
        LEAVE_END_DATE("leave-end-date", "leaveEndDate", Scim.WORKER + ":leaveEndDate");

        final String key;
        final String workerField;
        final String defaults;

        Field(String key, String workerField, String defaults) {
            this.key = key;
            this.workerField = workerField;
            this.defaults = defaults;
        }
    }

    /**
     * What a User resource says about its worker.
     *
     * @param worker     the worker record (fields may be null: the HR event's validation names them)
     * @param active     false for a worker who left
     * @param leaveStart the first day of a leave, or null
     * @param leaveEnd   the day a leave ends, or null
     */
    public record MappedUser(Worker worker, boolean active, LocalDate leaveStart, LocalDate leaveEnd) {
    }

    private final Map<Field, List<AttributePath>> paths = new EnumMap<>(Field.class);
    private final Map<Field, String> configured = new EnumMap<>(Field.class);
    private final Set<String> extensions = new LinkedHashSet<>(List.of(Scim.ENTERPRISE_USER, Scim.WORKER));

    public ScimUserMapping() {
        this(ConfigProvider.getConfig());
    }

    ScimUserMapping(Config config) {
        for (Field field : Field.values()) {
            String text = config.getOptionalValue(PREFIX + field.key, String.class).orElse(field.defaults);
            configured.put(field, text);
            for (String alternative : text.split("\\|")) {
                if (alternative.regionMatches(true, 0, "urn:", 0, 4)) {
                    int bracket = alternative.indexOf('[');
                    String head = bracket < 0 ? alternative : alternative.substring(0, bracket);
                    extensions.add(head.substring(0, head.lastIndexOf(':')).strip());
                }
            }
        }
        for (Field field : Field.values()) {
            List<AttributePath> alternatives = new ArrayList<>();
            for (String alternative : configured.get(field).split("\\|")) {
                try {
                    alternatives.add(AttributePath.parse(alternative, extensions));
                } catch (ScimException e) {
                    throw new IllegalArgumentException(PREFIX + field.key + ": " + e.getMessage());
                }
            }
            paths.put(field, List.copyOf(alternatives));
        }
    }

    /** The extension URNs a resource may carry: enterprise User, ours, and those the mapping reads. */
    public Set<String> extensions() {
        return extensions;
    }

    /** The first path configured for a worker field, for error messages. */
    public String pathOf(String workerField) {
        for (Field field : Field.values()) {
            if (field.workerField.equals(workerField)) {
                return paths.get(field).get(0).toString();
            }
        }
        return workerField;
    }

    /** The worker id a resource names, or null. */
    public String workerId(ObjectNode resource) {
        return text(resource, Field.WORKER_ID);
    }

    /**
     * @param previous the worker as last known (its start date is kept when the resource has none), or null
     * @param today    the start date of a worker whose resource names none
     * @throws ScimException 400 invalidValue naming the attribute whose value cannot be read
     */
    public MappedUser map(ObjectNode resource, Worker previous, LocalDate today) {
        LocalDate start = date(resource, Field.START_DATE);
        if (start == null) {
            start = previous != null ? previous.startDate() : today;
        }
        Worker worker = new Worker(text(resource, Field.WORKER_ID), text(resource, Field.GIVEN_NAME),
                text(resource, Field.FAMILY_NAME), text(resource, Field.PREFERRED_NAME), text(resource, Field.EMAIL),
                workerType(resource), text(resource, Field.DEPARTMENT), text(resource, Field.JOB_TITLE),
                text(resource, Field.JOB_CODE), text(resource, Field.LOCATION), text(resource, Field.COST_CENTER),
                text(resource, Field.MANAGER_ID), text(resource, Field.SPONSOR_ID), start, date(resource, Field.END_DATE));
        return new MappedUser(worker, active(resource), date(resource, Field.LEAVE_START_DATE),
                date(resource, Field.LEAVE_END_DATE));
    }

    private static boolean active(ObjectNode resource) {
        JsonNode active = AttributePath.child(resource, "active");
        if (active == null || active.isNull()) {
            return true;
        }
        if (active.isBoolean()) {
            return active.booleanValue();
        }
        if (active.isTextual() && (active.asText().equalsIgnoreCase("true") || active.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(active.asText().toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidValue("active: must be true or false");
    }

    private WorkerType workerType(ObjectNode resource) {
        String value = text(resource, Field.WORKER_TYPE);
        if (value == null) {
            return null;
        }
        try {
            return WorkerType.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidValue(where(resource, Field.WORKER_TYPE) + ": '" + value
                    + "' is not a worker type (Employee, Contractor, Intern or Vendor)");
        }
    }

    private LocalDate date(ObjectNode resource, Field field) {
        String value = text(resource, field);
        if (value == null) {
            return null;
        }
        String day = DATE_TIME.matcher(value).matches() ? value.substring(0, 10) : value.strip();
        try {
            if (PLAIN_DATE.matcher(day).matches()) {
                // the usual YYYY-MM-DD without the formatter, which costs more than the rest of a User's mapping
                return LocalDate.of(Integer.parseInt(day, 0, 4, 10), Integer.parseInt(day, 5, 7, 10),
                        Integer.parseInt(day, 8, 10, 10));
            }
            return LocalDate.parse(day);
        } catch (java.time.DateTimeException e) {
            throw ScimException.invalidValue(where(resource, field) + ": '" + value
                    + "' is not a date (YYYY-MM-DD, or a date-time whose date is taken)");
        }
    }

    private String text(ObjectNode resource, Field field) {
        for (AttributePath path : paths.get(field)) {
            JsonNode value = path.read(resource);
            if (value != null && !value.isNull() && !value.isContainerNode() && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        return null;
    }

    private String where(ObjectNode resource, Field field) {
        for (AttributePath path : paths.get(field)) {
            JsonNode value = path.read(resource);
            if (value != null && !value.isNull()) {
                return path.toString();
            }
        }
        return paths.get(field).get(0).toString();
    }
}
