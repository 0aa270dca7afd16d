package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.hr.Worker;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A worker record as the field lookup that rules and templates read. */
public final class WorkerFields {

    /** Every field a rule or template may read: each field of the worker record. */
    public static final Set<String> NAMES = Arrays.stream(Worker.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    /** The fields every worker record has (worker.schema.json), so a template reading only them always renders. */
    public static final Set<String> ALWAYS_PRESENT = Set.of("workerId", "givenName", "familyName", "workerType",
            "department", "startDate");

    private WorkerFields() {
    }

    /** Field name (as in the worker record) to its text; absent fields are missing. */
    public static Map<String, String> of(Worker w) {
        Map<String, String> fields = new HashMap<>();
        put(fields, "workerId", w.workerId());
        put(fields, "givenName", w.givenName());
        put(fields, "familyName", w.familyName());
        put(fields, "preferredName", w.preferredName());
        put(fields, "email", w.email());
        put(fields, "workerType", w.workerType() == null ? null : w.workerType().name());
        put(fields, "department", w.department());
        put(fields, "jobTitle", w.jobTitle());
        put(fields, "jobCode", w.jobCode());
        put(fields, "location", w.location());
        put(fields, "costCenter", w.costCenter());
        put(fields, "managerId", w.managerId());
        put(fields, "sponsorId", w.sponsorId());
        put(fields, "startDate", w.startDate() == null ? null : w.startDate().toString());
        put(fields, "endDate", w.endDate() == null ? null : w.endDate().toString());
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }
}
