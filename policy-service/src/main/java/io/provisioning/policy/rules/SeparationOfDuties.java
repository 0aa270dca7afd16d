package io.provisioning.policy.rules;

import io.provisioning.policy.model.ConflictRule;
import io.provisioning.policy.model.PolicyDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates a policy's separation-of-duties rules against the groups one worker holds. Pure. */
public final class SeparationOfDuties {

    private SeparationOfDuties() {
    }

    /**
     * A rule the worker breaks.
     *
     * @param held the rule's entitlements the worker holds ([target, group]), two at least
     */
    public record Violation(String ruleId, String mode, String description, List<List<String>> held) {

        public boolean prevents() {
            return ConflictRule.PREVENT.equals(mode);
        }
    }

    /**
     * @param held target id to the groups the worker holds there
     * @return the rules broken, in the policy's order
     */
    public static List<Violation> violations(PolicyDocument policy, Map<String, ? extends Collection<String>> held) {
        List<Violation> violations = new ArrayList<>();
        for (ConflictRule rule : policy.conflicts()) {
            List<List<String>> matching = new ArrayList<>();
            for (List<String> entitlement : rule.entitlements()) {
                Collection<String> groups = held.get(entitlement.get(0));
                if (groups != null && groups.contains(entitlement.get(1)) && !matching.contains(entitlement)) {
                    matching.add(entitlement);
                }
            }
            if (matching.size() >= 2) {
                violations.add(new Violation(rule.id(), rule.mode(), rule.description(), matching));
            }
        }
        return violations;
    }

    /** The ids of the rules broken. */
    public static Set<String> ruleIds(List<Violation> violations) {
        return Set.copyOf(violations.stream().map(Violation::ruleId).toList());
    }
}
