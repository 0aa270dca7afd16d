package io.provisioning.policy.model;

import java.util.List;
import java.util.Map;

/**
 * How one target is provisioned.
 *
 * @param birthright    true: every active worker gets an account; false: only workers a rule
 *                      grants something in this target
 * @param accountName   how the account name is made; never null
 * @param email         template of the email address when HR assigned none, e.g.
 *                      {@code {accountName}@example.com}; may be null
 * @param attributes    target attribute to template, e.g. {@code cn: "{givenName} {familyName}"}
 * @param managedGroups the groups the policy owns in this target; others are never touched
 * @param requestable   managed groups a worker may ask for beyond birthright, by group
 */
public record TargetPolicy(boolean birthright, AccountNaming accountName, String email,
                           Map<String, String> attributes, List<String> managedGroups,
                           Map<String, RequestableGroup> requestable) {

    public TargetPolicy {
        accountName = accountName == null ? AccountNaming.DEFAULT : accountName;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        managedGroups = managedGroups == null ? List.of() : List.copyOf(managedGroups);
        requestable = requestable == null ? Map.of() : Map.copyOf(requestable);
    }
}
