package io.provisioning.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. Never carries a stack trace, a secret or the raw offending value.
 *
 * @param type   a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title  short, the same for every occurrence of the type
 * @param status the HTTP status
 * @param detail what happened this time
 * @param errors for invalid input: each field that is wrong and why; may be empty, never null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of the type URIs this product defines. */
    public static final String TYPE_BASE = "https://provisioning.io/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem whose type is one of this product's, e.g. {@code validation}. */
    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(TYPE_BASE + type, title, status, detail, null, List.of());
    }

    /** The same problem listing the field errors. */
    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    /**
     * One field that is wrong.
     *
     * @param index   position of the item in a batch or JSON array; null for a single document
     * @param line    for CSV input: the line the record starts on (1-based, the header is line 1);
     *                for a YAML or JSON document: the line of the offending field
     * @param column  for a YAML or JSON document: the column of the offending field (1-based)
     * @param pointer RFC 6901 pointer within the item (for CSV: the column, e.g. {@code /startDate})
     * @param message why, never echoing the value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer index, Integer line, Integer column, String pointer, String message) {

        public FieldError(Integer index, Integer line, String pointer, String message) {
            this(index, line, null, pointer, message);
        }

        public FieldError(Integer index, String pointer, String message) {
            this(index, null, null, pointer, message);
        }

        /** An error at a place in a document. */
        public static FieldError at(int line, int column, String pointer, String message) {
            return new FieldError(null, line, column, pointer, message);
        }

        /** An error in a CSV record. */
        public static FieldError atLine(int line, String pointer, String message) {
            return new FieldError(null, line, pointer, message);
        }
    }
}
