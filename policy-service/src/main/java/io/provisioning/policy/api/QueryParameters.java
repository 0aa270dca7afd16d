package io.provisioning.policy.api;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The query parameters of a listing, checked together: every wrong one is named in one 400
 * problem, and nothing is read before all are right.
 */
final class QueryParameters {

    /** A page of a listing: its 0-based number and its size. */
    record Page(int number, int size) {

        long offset() {
            return (long) number * size;
        }
    }

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Says why the parameter at {@code /name} is wrong. */
    QueryParameters wrong(String name, String why) {
        errors.add(new Problem.FieldError(null, "/" + name, why));
        return this;
    }

    /** {@code page} (default 0) and {@code size} (default {@code defaultSize}, at most {@code maxSize}). */
    Page page(Integer page, Integer size, int defaultSize, int maxSize) {
        int number = page == null ? 0 : page;
        int count = size == null ? defaultSize : size;
        if (number < 0) {
            wrong("page", "must be 0 or more");
        }
        if (count < 1 || count > maxSize) {
            wrong("size", "must be between 1 and " + maxSize);
        }
        return new Page(number, count);
    }

    /** @throws ProblemException 400 naming every wrong parameter, if any */
    void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
    }

    /** An id that is not a UUID names nothing: 404, as an unknown one. */
    static UUID uuid(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(notFound);
        }
    }
}
