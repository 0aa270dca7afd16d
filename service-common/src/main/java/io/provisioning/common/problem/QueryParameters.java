package io.provisioning.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The query parameters of a listing, checked together: every wrong one is named in one 400
 * problem, and nothing is read before all are right.
 */
public final class QueryParameters {

    /** A page of a listing: its 0-based number and its size. */
    public record Page(int number, int size) {

        public long offset() {
            return (long) number * size;
        }
    }

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Says why the parameter at {@code /name} is wrong. */
    public QueryParameters wrong(String name, String why) {
        errors.add(new Problem.FieldError(null, "/" + name, why));
        return this;
    }

    /** {@code page} (default 0) and {@code size} (default {@code defaultSize}, at most {@code maxSize}). */
    public Page page(Integer page, Integer size, int defaultSize, int maxSize) {
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

    /**
     * As {@link #page(Integer, Integer, int, int)} for parameters read as text, so that one that is
     * not a number is named in the same 400 as the others (an empty one is as an absent one).
     */
    public Page page(String page, String size, int defaultSize, int maxSize) {
        return page(integer(page, "page", 0), integer(size, "size", defaultSize), defaultSize, maxSize);
    }

    /** @throws ProblemException 400 naming every wrong parameter, if any */
    public void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid query parameters", errors);
        }
    }

    /** The value, or null when absent or empty. */
    public static String given(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An id that is not a UUID names nothing: 404, as an unknown one. */
    public static UUID uuid(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(notFound);
        }
    }

    /** The value as an int; null when absent or empty; the fallback, and named wrong, when not an int. */
    private Integer integer(String value, String name, int fallback) {
        if (given(value) == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            wrong(name, "must be an integer");
            return fallback;
        }
    }
}
