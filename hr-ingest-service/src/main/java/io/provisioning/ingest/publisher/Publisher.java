package io.provisioning.ingest.publisher;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.util.List;

/**
 * An authenticated HRIS publisher and the event sources it is bound to.
 *
 * @param client  the OIDC client the token was issued to
 * @param sources exact sources, or prefixes ending in {@code *}
 */
public record Publisher(String client, List<String> sources) {

    /** A publisher bound to every source: Kafka producers to hr.events.inbound, whom the broker's ACLs vouch for. */
    public static final Publisher INBOUND_TOPIC = new Publisher("hr.events.inbound", List.of("*"));

    public boolean mayPublish(String source) {
        for (String granted : sources) {
            if (granted.endsWith("*") ? source.startsWith(granted.substring(0, granted.length() - 1))
                    : source.equals(granted)) {
                return true;
            }
        }
        return false;
    }

    /** The grants as SQL LIKE patterns (with {@code \} escaping), for checks made in the database. */
    public String[] likePatterns() {
        return sources.stream().map(s -> {
            boolean prefix = s.endsWith("*");
            String literal = (prefix ? s.substring(0, s.length() - 1) : s)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            return prefix ? literal + "%" : literal;
        }).toArray(String[]::new);
    }

    /** 403: this publisher may not speak for that source. */
    public ProblemException notAllowed(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of("source-not-allowed", "Source not allowed", 403, detail + " (client "
                + client + (sources.isEmpty() ? ", bound to no source)" : ", bound to " + String.join(", ", sources) + ")"))
                .withErrors(errors));
    }
}
