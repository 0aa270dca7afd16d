package io.provisioning.ingest.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters of a listing, checked together: every wrong one is named in one 400
 * problem, and nothing is read before all are right. An empty parameter is as an absent one.
 */
final class QueryParameters {

    /** A page of a listing: its 0-based number and its size. */
    record Page(int number, int size) {
    }

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Says why the parameter at {@code /name} is wrong. */
    QueryParameters wrong(String name, String why) {
        errors.add(new Problem.FieldError(null, "/" + name, why));
        return this;
    }

    /** {@code page} (default 0) and {@code size} (default {@code defaultSize}, at most {@code maxSize}). */
    Page page(String page, String size, int defaultSize, int maxSize) {
        Integer number = integer(page, 0);
        Integer count = integer(size, defaultSize);
        if (number == null || number < 0) {
            wrong("page", "must be an integer, 0 or more");
        }
        if (count == null || count < 1 || count > maxSize) {
            wrong("size", "must be an integer between 1 and " + maxSize);
        }
        return new Page(number == null ? 0 : number, count == null ? defaultSize : count);
    }

    /** @throws ProblemException 400 naming every wrong parameter, if any */
    void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
    }

    /** The value, or null when absent or empty. */
    static String given(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The value as an int, the default when absent, null when it is not an int. */
    private static Integer integer(String value, int absent) {
        if (given(value) == null) {
            return absent;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
