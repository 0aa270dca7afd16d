package io.provisioning.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * A service refused or failed a call: its status and, from its problem+json, the title, detail
 * and field errors, so that a page can show the user what the service said rather than a stack trace.
 */
public class ServiceException extends RuntimeException {

    private final Service service;
    private final int status;
    private final String detail;
    private final List<String> fieldErrors;
    private final JsonNode problem;

    public ServiceException(Service service, int status, String title, String detail, List<String> fieldErrors) {
        this(service, status, title, detail, fieldErrors, MissingNode.getInstance());
    }

    ServiceException(Service service, int status, String title, String detail, List<String> fieldErrors,
                     JsonNode problem) {
        super(service.displayName() + " answered " + status + (title == null ? "" : ": " + title));
        this.service = service;
        this.status = status;
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.problem = problem;
    }

    /** The whole problem document, for a page that acts on its extensions (a mass change's digest). */
    public JsonNode problem() {
        return problem;
    }

    /** Not reachable at all (status 0): refused, timed out or reset. */
    public static ServiceException unreachable(Service service, String why) {
        return new ServiceException(service, 0, "not reachable", why, List.of());
    }

    public Service service() {
        return service;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public List<String> fieldErrors() {
        return fieldErrors;
    }

    /**
     * Refused for the user's roles, or the service not reachable: an error page of its own, where a
     * page that sent input would rather show the service's objection beside that input.
     */
    public boolean needsItsOwnPage() {
        return status == 403 || status == 0;
    }

    /** What a page shows: who answered what, and why. */
    public String explanation() {
        if (status == 0) {
            return service.displayName() + " is not reachable (" + detail + ")";
        }
        if (status == 403) {
            return "Your roles do not allow this (" + service.displayName() + " answered 403)";
        }
        StringBuilder text = new StringBuilder(getMessage());
        if (detail != null && !detail.isBlank()) {
            text.append(". ").append(detail);
        }
        fieldErrors.forEach(error -> text.append(" · ").append(error));
        return text.toString();
    }
}
