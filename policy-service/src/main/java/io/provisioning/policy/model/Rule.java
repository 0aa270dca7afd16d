package io.provisioning.policy.model;

import java.util.List;
import java.util.Map;

/**
 * A birthright rule: when every condition holds for a worker, the groups are granted.
 *
 * @param id    stable name, recorded with every grant it makes
 * @param when  worker field to condition; all must hold (all-of); empty matches everyone
 * @param grant target id to the groups granted there
 */
public record Rule(String id, Map<String, Condition> when, Map<String, List<String>> grant) {

    public Rule {
        when = when == null ? Map.of() : Map.copyOf(when);
        grant = grant == null ? Map.of() : Map.copyOf(grant);
    }
}
