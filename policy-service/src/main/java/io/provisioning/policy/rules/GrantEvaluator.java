package io.provisioning.policy.rules;

import io.provisioning.policy.model.Condition;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Evaluates the rules of a policy for one worker. */
public final class GrantEvaluator {

    private GrantEvaluator() {
    }

    /**
     * The groups each target grants the worker, with the rules that grant each group.
     *
     * @return target id to (group to rule ids), sorted; only groups the target manages
     */
    public static Map<String, Map<String, List<String>>> grants(PolicyDocument policy, Function<String, String> fields) {
        Map<String, Map<String, List<String>>> grants = new TreeMap<>();
        for (Rule rule : policy.rules()) {
            if (!matches(rule, fields)) {
                continue;
            }
            rule.grant().forEach((target, groups) -> {
                var targetPolicy = policy.targets().get(target);
                if (targetPolicy == null) {
                    return;
                }
                for (String group : groups) {
                    if (targetPolicy.managedGroups().contains(group)) {
                        grants.computeIfAbsent(target, t -> new TreeMap<>())
                                .computeIfAbsent(group, g -> new ArrayList<>()).add(rule.id());
                    }
                }
            });
        }
        return grants;
    }

    /** Whether every condition of the rule holds. */
    public static boolean matches(Rule rule, Function<String, String> fields) {
        for (Map.Entry<String, Condition> condition : rule.when().entrySet()) {
            if (!condition.getValue().test(fields.apply(condition.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
