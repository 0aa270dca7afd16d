package io.provisioning.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A condition on one worker field: {@code equals} a value, {@code in} a list, and/or {@code not}
 * another condition. Every part given must hold. Comparison is exact and case-sensitive; an absent
 * field equals nothing.
 */
public record Condition(@JsonProperty("equals") String equalTo, List<String> in, Condition not) {

    /** Whether the field's value (null when absent) satisfies this condition. */
    public boolean test(String value) {
        if (equalTo != null && !equalTo.equals(value)) {
            return false;
        }
        if (in != null && (value == null || !in.contains(value))) {
            return false;
        }
        return not == null || !not.test(value);
    }
}
