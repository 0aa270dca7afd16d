package io.provisioning.policy.model;

import java.util.List;
import java.util.Map;

/**
 * The access policy (docs/architecture.md): the targets it provisions, the rules that grant groups in
 * them, the lifecycle settings and the separation-of-duties rules. Immutable; one instance per policy
 * version.
 *
 * @param targets   by target id; never null
 * @param rules     evaluated in order; never null
 * @param lifecycle never null
 * @param conflicts separation-of-duties rules; never null
 */
public record PolicyDocument(Map<String, TargetPolicy> targets, List<Rule> rules, LifecycleSettings lifecycle,
                             List<ConflictRule> conflicts) {

    public PolicyDocument {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        rules = rules == null ? List.of() : List.copyOf(rules);
        lifecycle = lifecycle == null ? LifecycleSettings.DEFAULTS : lifecycle;
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }
}
