package io.provisioning.audit.api;

import io.provisioning.common.problem.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parsing of query parameters into problems that name the parameter. */
final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 instant, or null when absent; a malformed one adds an error. */
    static Instant instant(String name, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, "/" + name, "must be an ISO-8601 instant such as 2026-11-26T09:00:00Z"));
            return null;
        }
    }

    static void range(Instant from, Instant to, List<Problem.FieldError> errors) {
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new Problem.FieldError(null, "/to", "must be after from"));
        }
    }
}
