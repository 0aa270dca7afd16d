package io.provisioning.policy.model;

import java.util.List;

/**
 * A separation-of-duties rule: nobody may hold two of these entitlements at once.
 *
 * @param id           stable name, reported with every violation
 * @param description  what the conflict guards against, for people
 * @param entitlements the conflicting [target, group] pairs; holding any two of them is a violation
 * @param mode         {@code prevent}: a request completing a pair is refused (or, with
 *                     {@code approveWith}, gets an extra stage) and a policy creating one needs
 *                     confirmation; {@code detect}: violations are only reported
 * @param approveWith  for prevent: the approver of an extra stage ({@code manager}, {@code owner:...})
 *                     instead of a refusal; may be null
 */
public record ConflictRule(String id, String description, List<List<String>> entitlements, String mode,
                           String approveWith) {

    public static final String PREVENT = "prevent";
    public static final String DETECT = "detect";

    public ConflictRule {
        entitlements = entitlements == null ? List.of() : entitlements.stream().map(List::copyOf).toList();
        mode = mode == null ? DETECT : mode;
    }

    public boolean prevents() {
        return PREVENT.equals(mode);
    }
}
