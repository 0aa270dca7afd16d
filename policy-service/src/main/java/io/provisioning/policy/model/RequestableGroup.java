package io.provisioning.policy.model;

import java.time.Duration;
import java.util.List;

/**
 * A group a worker may ask for beyond birthright, and who must approve it.
 *
 * @param approvers        the approval stages in order: {@code manager}, {@code owner:<workerId>} or
 *                         {@code owner:group:<realm group>}; each resolved when its stage starts
 * @param maxDuration      the longest a grant may last, ISO-8601 (e.g. {@code P90D})
 * @param fallbackApprover the worker who decides when no manager can be found (or the one found is the
 *                         person asking); may be null
 * @param decisionTimeout  how long a stage waits for its decision before the request expires; default P3D
 * @param keepOnMove       whether the grant survives the worker moving (department, job title, location or
 *                         worker type changing); default false: a move ends it
 */
public record RequestableGroup(List<String> approvers, String maxDuration, String fallbackApprover,
                               String decisionTimeout, Boolean keepOnMove) {

    public static final String MANAGER = "manager";
    public static final String OWNER = "owner:";
    public static final String OWNER_GROUP = "owner:group:";
    public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofDays(3);

    public RequestableGroup {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        keepOnMove = keepOnMove != null && keepOnMove;
    }

    /** The longest grant; null if the text is not a duration (the validator reports it). */
    public Duration longest() {
        return duration(maxDuration);
    }

    public Duration timeout() {
        Duration timeout = duration(decisionTimeout);
        return decisionTimeout == null || timeout == null ? DEFAULT_DECISION_TIMEOUT : timeout;
    }

    /** The duration the text names; null if it names none. */
    public static Duration duration(String text) {
        try {
            return text == null ? null : Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
